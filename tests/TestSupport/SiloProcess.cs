using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace GameOps.TestSupport;

/// <summary>The silo as operators run it: its own process, in a working directory, with default data paths.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ConsoleProcess _process;

    private SiloProcess(ConsoleProcess process, SiloPorts ports)
    {
        _process = process;
        Ports = ports;
    }

    public SiloPorts Ports { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Ports.Api}");

    /// <summary>The agent gateway: h2c on loopback.</summary>
    public Uri GatewayAddress => new($"http://127.0.0.1:{Ports.Gateway}");

    /// <summary>Everything the process printed, for failure messages.</summary>
    public string Output => _process.Output;

    /// <param name="settings">Extra configuration, as <c>--key=value</c> arguments.</param>
    /// <param name="ports">Fixed ports, to start again where agents expect it; free ones when null.</param>
    /// <param name="environment">Variables set for the process on top of the test's own environment.</param>
    public static async Task<SiloProcess> StartAsync(
        string workingDirectory,
        TimeSpan timeout,
        IEnumerable<string>? settings = null,
        SiloPorts? ports = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // A free port is only free when it is picked: another test's outgoing connection can take it before the silo
        // binds it. Ports picked here are picked again when that happens; ports the caller chose are not.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(workingDirectory, timeout, settings, ports ?? SiloPorts.Free(), environment);
            }
            catch (InvalidOperationException exception)
                when (ports is null && attempt < 3 && exception.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<SiloProcess> StartOnAsync(
        string workingDirectory,
        TimeSpan timeout,
        IEnumerable<string>? settings,
        SiloPorts ports,
        IReadOnlyDictionary<string, string>? environment)
    {
        string[] arguments =
        [
            RepositoryPaths.SiloDll,
            $"--Kestrel:Endpoints:Api:Url=http://127.0.0.1:{ports.Api}",
            $"--Kestrel:Endpoints:Gateway:Url=http://127.0.0.1:{ports.Gateway}",
            $"--GameOps:Silo:SiloPort={ports.Silo.ToString(CultureInfo.InvariantCulture)}",

            // A players probe after each Hello is a job the tests' agents did not ask for; a test that wants it passes Probe=true.
            "--GameOps:Players:Probe=false",
            .. settings ?? [],
        ];
        var silo = new SiloProcess(ConsoleProcess.Start("dotnet", arguments, workingDirectory, environment), ports);
        try
        {
            await silo.WaitUntilHealthyAsync(timeout);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200: a grain-less process is live before it can call grains.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        await Eventually.ReadAsync(
            async () =>
            {
                using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
                return response.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            timeout);
    }

    /// <summary>Ends the process at once, as a crash or power cut would: no graceful shutdown.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = CreateClient();
        client.Timeout = TimeSpan.FromSeconds(2);
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                if ((await client.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"The silo was not healthy within {timeout}:\n{Output}");
    }
}
