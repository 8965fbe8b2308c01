using System.Collections.Concurrent;
using System.Diagnostics;

namespace GameOps.TestSupport;

/// <summary>A child process whose output is kept for failure messages, and which can be killed or frozen like a real one.</summary>
public sealed class ConsoleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ConsoleProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="environment">Variables set for the process on top of the test's own environment.</param>
    public static ConsoleProcess Start(
        string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var console = new ConsoleProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) console._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) console._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return console;
    }

    /// <summary>Waits until the output has a line containing <paramref name="text"/>; fails with the output after the timeout.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The process exited with code {_process.ExitCode} before printing '{text}':\n{Output}");
            }

            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"No output line containing '{text}' within {timeout}:\n{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code; kills it and throws after the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(expiry.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            throw new TimeoutException($"The process did not exit within {timeout}:\n{Output}");
        }
    }

    /// <summary>Ends the process at once, as a crash would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Resume();
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Stops the process (SIGSTOP) with its sockets left open, as a hung process would.</summary>
    public void Freeze() => Signal("-STOP");

    public void Resume()
    {
        if (!_process.HasExited)
        {
            Signal("-CONT");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(TimeSpan.FromSeconds(10));
    }
}
