using System.Diagnostics;
using System.Text;

namespace GameOps.TestSupport;

/// <summary>
/// One bash process that runs script blocks one after another, so variables set by one block are there for the
/// next, as in a terminal. It runs with <c>-e -o pipefail</c>: a failing command ends the session and the test.
/// </summary>
public sealed class ShellSession : IAsyncDisposable
{
    private const string DoneMarker = "__gameops_block_done__";
    private readonly Process _bash;
    private readonly StringBuilder _output = new();
    private readonly SemaphoreSlim _lines = new(0);
    private readonly object _gate = new();

    public ShellSession(string workingDirectory)
    {
        var info = new ProcessStartInfo("bash", ["-e", "-o", "pipefail"])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _bash = new Process { StartInfo = info };
        _bash.OutputDataReceived += (_, e) => Append(e.Data);
        _bash.ErrorDataReceived += (_, e) => Append(e.Data);
        _bash.Start();
        _bash.BeginOutputReadLine();
        _bash.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs <paramref name="script"/> to its end; fails with everything printed if a command fails or the timeout passes.</summary>
    public async Task RunAsync(string script, TimeSpan timeout)
    {
        var marker = $"{DoneMarker}{Guid.NewGuid():N}";
        await _bash.StandardInput.WriteLineAsync(script);
        await _bash.StandardInput.WriteLineAsync($"echo {marker}");
        await _bash.StandardInput.FlushAsync();

        var stopwatch = Stopwatch.StartNew();
        while (!Output.Contains(marker, StringComparison.Ordinal))
        {
            if (_bash.HasExited)
            {
                throw new InvalidOperationException($"The shell stopped (exit {_bash.ExitCode}) running:\n{script}\n--- output ---\n{Output}");
            }

            var left = timeout - stopwatch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"This did not finish within {timeout}:\n{script}\n--- output ---\n{Output}");
            }

            await _lines.WaitAsync(left < TimeSpan.FromMilliseconds(500) ? left : TimeSpan.FromMilliseconds(500));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_bash.HasExited)
        {
            _bash.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _bash.WaitForExitAsync(timeout.Token);
        }

        _bash.Dispose();
        _lines.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }

        _lines.Release();
    }
}
