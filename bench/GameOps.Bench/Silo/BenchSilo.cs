using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GameOps.Bench.Measurement;
using GameOps.Grains.Orgs;
using GameOps.TestSupport;

namespace GameOps.Bench.Silo;

/// <summary>
/// The silo under test: the Release build run as its own process, as operators run it, in a fresh folder
/// (so its SQLite file starts empty), on free loopback ports.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private string[] _settings;
    private ConsoleProcess _process;

    private BenchSilo(string folder, SiloPorts ports, string[] settings, ConsoleProcess process, string adminKey)
    {
        Folder = folder;
        Ports = ports;
        _settings = settings;
        _process = process;
        AdminKey = adminKey;
        Api = CreateClient(maxConnections: 64);
    }

    public string Folder { get; }

    public SiloPorts Ports { get; }

    public string AdminKey { get; }

    public int Pid => _process.Id;

    public Uri ApiAddress => new($"http://127.0.0.1:{Ports.Api.ToString(CultureInfo.InvariantCulture)}");

    public Uri GatewayAddress => new($"http://127.0.0.1:{Ports.Gateway.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>An admin client for set-up calls (hosts, memory, metrics), apart from the measured callers.</summary>
    public HttpClient Api { get; private set; }

    public string Output => _process.Output;

    /// <param name="folder">An empty working folder; the silo keeps its data under <c>data/</c> in it.</param>
    /// <param name="settings">Extra configuration as <c>--key=value</c>, e.g. the SQLite synchronous mode.</param>
    /// <param name="adminKey">The admin key of a cluster whose first silo wrote it, for a further silo; null for the one this silo writes.</param>
    public static async Task<BenchSilo> StartAsync(string folder, IEnumerable<string>? settings = null, string? adminKey = null)
    {
        var siloDll = RepositoryPaths.SiloDll;
        if (!File.Exists(siloDll))
        {
            throw new InvalidOperationException($"The silo is not built at {siloDll}; run the benchmark with `dotnet run -c Release`, which builds it.");
        }

        var ports = SiloPorts.Free();
        var extra = settings?.ToArray() ?? [];
        var process = await LaunchAsync(folder, ports, extra, waitForKeyFile: adminKey is null);
        var key = adminKey ?? (await File.ReadAllTextAsync(Path.Combine(folder, "data", "admin-api-key"))).Trim();
        return new BenchSilo(folder, ports, extra, process, key);
    }

    /// <summary>A client for measured callers: its own connection pool, the admin key on every request unless not <paramref name="authenticated"/>.</summary>
    public HttpClient CreateClient(int maxConnections, bool authenticated = true) =>
        CreateClient(ApiAddress, authenticated ? AdminKey : null, maxConnections);

    /// <summary>A client of the API at <paramref name="api"/> with its own connection pool, and <paramref name="adminKey"/> on every request when given.</summary>
    public static HttpClient CreateClient(Uri api, string? adminKey, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        var client = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        if (adminKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        }

        return client;
    }

    /// <summary>
    /// Registers <paramref name="count"/> hosts through the API and enrols each with its install command's token, as its
    /// agent would, <paramref name="parallel"/> at a time.
    /// </summary>
    public async Task<EnrolledHost[]> CreateHostsAsync(int count, int parallel = 16)
    {
        var hosts = new EnrolledHost[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, cancellationToken) =>
        {
            using var response = await Api.PostAsJsonAsync(
                "/api/v1/hosts", new { name = $"bench-{i.ToString(CultureInfo.InvariantCulture)}" }, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                // The answer names only a trace id; the silo's log says what went wrong.
                throw new InvalidOperationException(
                    $"Creating a host answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}\nThe silo's log:\n{Output}");
            }

            var created = (await response.Content.ReadFromJsonAsync<NewHost>(GameOpsApi.Json, cancellationToken))!;
            hosts[i] = new EnrolledHost(created.Host, (await AgentEnrolment.EnrolAsync(created.Enrolment.Install)).Credential);
        });
        return hosts;
    }

    /// <summary>
    /// The silo's resident memory (read from /proc) and its managed heap after a forced full compacting collection
    /// (through the admin-only diagnostics endpoint) and <paramref name="settle"/> of quiet.
    /// </summary>
    public async Task<SettledMemory> SettledMemoryAsync(TimeSpan settle)
    {
        await CollectGarbageAsync();
        await Task.Delay(settle);

        // A second collection right before the reading, so garbage made while settling does not count.
        var managed = await CollectGarbageAsync();
        return new SettledMemory(ProcessSampler.ResidentBytes(Pid), managed);
    }

    /// <summary>The Prometheus text at <c>/metrics</c>, or null while the silo serves none.</summary>
    public async Task<string?> ScrapeMetricsAsync()
    {
        using var response = await Api.GetAsync(new Uri("/metrics", UriKind.Relative));
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
    }

    /// <summary>Kills the silo and starts it again on the same data and ports: every grain starts inactive.</summary>
    /// <param name="settings">New settings for the restarted silo; the same as before when null.</param>
    public async Task RestartAsync(string[]? settings = null)
    {
        _settings = settings ?? _settings;
        await _process.KillAsync();
        await _process.DisposeAsync();
        Api.Dispose();
        _process = await LaunchAsync(Folder, Ports, _settings, waitForKeyFile: true);
        Api = CreateClient(maxConnections: 64);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _process.DisposeAsync();
    }

    private async Task<long> CollectGarbageAsync()
    {
        using var response = await Api.PostAsync(new Uri("/api/v1/diagnostics/collect-garbage", UriKind.Relative), content: null);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<MemoryReport>(GameOpsApi.Json);
        return report?.ManagedHeapBytes ?? 0;
    }

    /// <summary>Every host of the org, read a page of 200 at a time.</summary>
    public async Task<List<HostSummary>> ListHostsAsync()
    {
        var hosts = new List<HostSummary>();
        string? cursor = null;
        do
        {
            var page = await Api.GetFromJsonAsync<HostPage>($"/api/v1/hosts?limit=200&cursor={Uri.EscapeDataString(cursor ?? "")}", GameOpsApi.Json)
                ?? throw new InvalidOperationException("GET /api/v1/hosts answered nothing.");
            hosts.AddRange(page.Hosts);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return hosts;
    }

    private sealed record HostPage(HostSummary[] Hosts, string? NextCursor);

    private static readonly string[] RateLimits =
    [
        "--GameOps:Api:RateLimits:RequestsPerSecond=1000000",
        "--GameOps:Api:RateLimits:Burst=1000000",
        "--GameOps:Api:RateLimits:StreamsPerCaller=100000",
    ];

    private static async Task<ConsoleProcess> LaunchAsync(string folder, SiloPorts ports, string[] settings, bool waitForKeyFile)
    {
        string[] arguments =
        [
            RepositoryPaths.SiloDll,
            $"--Kestrel:Endpoints:Api:Url=http://127.0.0.1:{ports.Api.ToString(CultureInfo.InvariantCulture)}",
            $"--Kestrel:Endpoints:Gateway:Url=http://127.0.0.1:{ports.Gateway.ToString(CultureInfo.InvariantCulture)}",
            $"--GameOps:Silo:SiloPort={ports.Silo.ToString(CultureInfo.InvariantCulture)}",
            // Every caller of a run is the one admin key: the API's per-caller limits (20 requests/s, 20 streams) would
            // measure the limiter, not the silo. High limits keep the limiter's own cost in the run; --silo overrides them.
            .. RateLimits,
            .. settings,
        ];
        var process = ConsoleProcess.Start("dotnet", arguments, folder);
        try
        {
            await WaitUntilHealthyAsync(process, ports, waitForKeyFile ? Path.Combine(folder, "data", "admin-api-key") : null);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitUntilHealthyAsync(ConsoleProcess process, SiloPorts ports, string? keyFile)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var health = new Uri($"http://127.0.0.1:{ports.Api.ToString(CultureInfo.InvariantCulture)}/healthz");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {process.ExitCode} before it was healthy:\n{process.Output}");
            }

            try
            {
                using var response = await client.GetAsync(health);
                if (response.IsSuccessStatusCode && (keyFile is null || File.Exists(keyFile)))
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

        throw new TimeoutException($"The silo was not healthy within {StartTimeout}:\n{process.Output}");
    }

    private sealed record MemoryReport(long WorkingSetBytes, long ManagedHeapBytes);
}
