using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace GameOps.Silo.Tests;

/// <summary>The silo as operators run it: its own process, in a working directory, with default data paths.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, Uri baseAddress, Uri gatewayAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        GatewayAddress = gatewayAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The agent gateway: h2c on loopback.</summary>
    public Uri GatewayAddress { get; }

    /// <summary>Everything the process printed, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <param name="settings">Extra configuration, as <c>--key=value</c> arguments.</param>
    public static async Task<SiloProcess> StartAsync(string workingDirectory, TimeSpan timeout, params string[] settings)
    {
        var siloDll = Path.Combine(AppContext.BaseDirectory, "GameOps.Silo.dll");
        var httpPort = TestPorts.Free();
        var gatewayPort = TestPorts.Free();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(siloDll);
        info.ArgumentList.Add($"--Kestrel:Endpoints:Api:Url=http://127.0.0.1:{httpPort}");
        info.ArgumentList.Add($"--Kestrel:Endpoints:Gateway:Url=http://127.0.0.1:{gatewayPort}");
        info.ArgumentList.Add($"--GameOps:Silo:SiloPort={TestPorts.Free().ToString(CultureInfo.InvariantCulture)}");
        foreach (var setting in settings)
        {
            info.ArgumentList.Add(setting);
        }

        var process = new Process { StartInfo = info };
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{httpPort}"), new Uri($"http://127.0.0.1:{gatewayPort}"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) silo._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) silo._output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

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

    /// <summary>Ends the process at once, as a crash or power cut would: no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

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
