using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using GameOps.TestSupport;

namespace GameOps.Bench.Jobs;

/// <summary>
/// The console traffic's generator in a process of its own (<c>--console-process own</c>): this program's
/// <c>console-generator</c> command running a <see cref="LocalConsoleGenerator"/>. The 1,000 console agents stand for
/// 1,000 hosts; in the job run's process their sends and acknowledgements share the thread pool with the job agents
/// and callers, whose waits then count against the silo. Here they share only the machine's cores. Driven over the
/// child's standard input and output, one line a step; the spec, with the silo's admin key and the hosts' credentials,
/// goes first on its input rather than into a file.
/// </summary>
public sealed class ConsoleGeneratorProcess : IConsoleGenerator
{
    /// <summary>The command that runs the child.</summary>
    public const string Command = "console-generator";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly List<string> _errors = [];
    private bool _disposed;

    private ConsoleGeneratorProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            // The first lines: an unhandled exception's message comes before its stack.
            lock (_errors)
            {
                if (_errors.Count < 100)
                {
                    _errors.Add(e.Data);
                }
            }
        };
    }

    public int? ProcessId => _process.Id;

    /// <summary>Starts the child and waits until every one of its agents has connected.</summary>
    public static async Task<ConsoleGeneratorProcess> ConnectAsync(ConsoleGeneratorSpec spec)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        info.ArgumentList.Add(Command);
        var generator = new ConsoleGeneratorProcess(new Process { StartInfo = info });
        generator._process.Start();
        generator._process.BeginErrorReadLine();
        try
        {
            await generator._process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(spec, ConsoleGeneratorChild.Json));
            await generator.ExpectAsync(ConsoleGeneratorChild.Connected, ConnectTimeout);
        }
        catch
        {
            // A child that did not connect in time is still running: it goes with its input.
            await generator.DisposeAsync();
            throw;
        }

        return generator;
    }

    public async Task StartSendingAsync()
    {
        await _process.StandardInput.WriteLineAsync(ConsoleGeneratorChild.Send);
        await ExpectAsync(ConsoleGeneratorChild.Sending, StepTimeout);
    }

    public async Task<long> StartRecordingAsync()
    {
        await _process.StandardInput.WriteLineAsync(ConsoleGeneratorChild.Record);
        return long.Parse(await ReadLineAsync(StepTimeout), CultureInfo.InvariantCulture);
    }

    public async Task<long> SetSendingAsync(bool sending)
    {
        await _process.StandardInput.WriteLineAsync(sending ? ConsoleGeneratorChild.Resume : ConsoleGeneratorChild.Pause);
        return long.Parse(await ReadLineAsync(StepTimeout), CultureInfo.InvariantCulture);
    }

    public async Task<ConsoleGeneratorReport> ReportAsync()
    {
        await _process.StandardInput.WriteLineAsync(ConsoleGeneratorChild.Report);
        return JsonSerializer.Deserialize<ConsoleGeneratorReport>(await ReadLineAsync(StepTimeout), ConsoleGeneratorChild.Json)
            ?? throw new InvalidOperationException($"The console generator reported nothing.\n{Errors()}");
    }

    /// <summary>Ends the child's input, so it stops its traffic and exits; kills it if it has not after 30 s. Once, however often called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task ExpectAsync(string expected, TimeSpan timeout)
    {
        var line = await ReadLineAsync(timeout);
        if (line != expected)
        {
            throw new InvalidOperationException($"The console generator answered '{line}' where '{expected}' was expected.\n{Errors()}");
        }
    }

    private async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(expiry.Token);
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested)
        {
            throw new TimeoutException($"The console generator did not answer within {timeout}.\n{Errors()}");
        }

        if (line is null)
        {
            // Its output ended: once it has exited, its error output has been read to the end too.
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(exit.Token);
            throw new InvalidOperationException($"The console generator ended (exit code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)}).\n{Errors()}");
        }

        return line;
    }

    private string Errors()
    {
        lock (_errors)
        {
            return string.Join('\n', _errors);
        }
    }
}

/// <summary>What the console generator's process runs: the silo's addresses and admin key, its agents' hosts, the traffic.</summary>
public sealed record ConsoleGeneratorSpec(Uri Gateway, Uri Api, string AdminKey, EnrolledHost[] Hosts, ConsoleTraffic Traffic);

/// <summary>
/// The <c>console-generator</c> command: reads its spec (one line of JSON), connects the agents, says <see cref="Connected"/>, then answers one line
/// per line read: <see cref="Send"/> → <see cref="Sending"/>, <see cref="Record"/> → the lines acknowledged so far,
/// <see cref="Report"/> → a <see cref="ConsoleGeneratorReport"/> as JSON, <see cref="Pause"/> and <see cref="Resume"/> → the lines
/// acknowledged so far. It ends when its input does.
/// </summary>
public static class ConsoleGeneratorChild
{
    public const string Connected = "connected";
    public const string Send = "send";
    public const string Sending = "sending";
    public const string Record = "record";
    public const string Report = "report";
    public const string Pause = "pause";
    public const string Resume = "resume";

    /// <summary>
    /// The JSON of its input and output: the API's, and a report asked for before any line was timed holds NaN for its
    /// percentiles, which the default refuses to write.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(GameOpsApi.Json) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<int> RunAsync(TextReader input, TextWriter output)
    {
        var spec = await input.ReadLineAsync() is { } first ? JsonSerializer.Deserialize<ConsoleGeneratorSpec>(first, Json) : null;
        if (spec is null)
        {
            await Console.Error.WriteLineAsync("console-generator: its first input line must be its spec, as JSON.");
            return 2;
        }

        await using var generator = await LocalConsoleGenerator.ConnectAsync(spec.Gateway, spec.Api, spec.AdminKey, spec.Hosts, spec.Traffic);
        await output.WriteLineAsync(Connected);
        await output.FlushAsync();
        while (await input.ReadLineAsync() is { } line)
        {
            switch (line)
            {
                case Send:
                    await generator.StartSendingAsync();
                    await output.WriteLineAsync(Sending);
                    break;
                case Record:
                    await output.WriteLineAsync((await generator.StartRecordingAsync()).ToString(CultureInfo.InvariantCulture));
                    break;
                case Report:
                    await output.WriteLineAsync(JsonSerializer.Serialize(await generator.ReportAsync(), Json));
                    break;
                case Pause or Resume:
                    var acknowledged = await generator.SetSendingAsync(line == Resume);
                    await output.WriteLineAsync(acknowledged.ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    await Console.Error.WriteLineAsync($"console-generator: unknown step '{line}'.");
                    return 2;
            }

            await output.FlushAsync();
        }

        return 0;
    }
}
