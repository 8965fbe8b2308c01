using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using GameOps.Bench.Agents;
using GameOps.Bench.Jobs;
using GameOps.Bench.Measurement;
using GameOps.Bench.Reporting;
using GameOps.Bench.Silo;
using GameOps.Grains.Hosts;
using GameOps.TestSupport;
using Microsoft.Playwright;

namespace GameOps.Bench.Scenarios;

/// <summary>
/// The web console's overview for an org of N hosts, each with the game server its agent declared: Debian's Chromium,
/// driven by Playwright, signs in and opens the overview R times. Each time: from the navigation to the hosts table on
/// the live circuit (the page reads its data after the circuit is up, so the prerendered document shows none), the bytes
/// that crossed (the document, then the circuit's WebSocket frames), the size of the page's DOM and the silo's grain
/// calls. The agents disconnect before the renders, so nothing else calls a grain meanwhile. With the page
/// <c>/hosts</c> it opens the hosts page instead, and also times until the first row shows its agent (the page reads the
/// agent and load of the shown page's hosts once their rows are up).
/// </summary>
public static class OverviewScenario
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string GrainCalls = "orleans_app_requests_latency_milliseconds_count";
    private const string UserName = "bench";
    private const string Password = "a bench passphrase long enough";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>The pages it can open, each with the table its host rows are in.</summary>
    private static readonly Dictionary<string, string> HostTables = new(StringComparer.Ordinal)
    {
        ["/"] = "[data-testid=overview-hosts]",
        ["/hosts"] = "[data-testid=hosts]",
    };

    public static async Task<RunResult> RunAsync(int hostCount, int renders, TextWriter log, string pagePath = "/")
    {
        if (!HostTables.TryGetValue(pagePath, out var table))
        {
            throw new ArgumentException($"--page is one of {string.Join(", ", HostTables.Keys)}, not '{pagePath}'.", nameof(pagePath));
        }

        var isHostsPage = pagePath == "/hosts";
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No Chromium at {ChromiumPath}: install Debian's 'chromium' package (test.sh does).");
        }

        using var folder = new TempDirectory();
        await using var silo = await BenchSilo.StartAsync(folder.Path, SiloSettings.For(SiloSettings.Normal));
        var setupToken = (await File.ReadAllTextAsync(Path.Combine(folder.Path, "data", "setup-token"))).Trim();
        using (var setup = await silo.Api.PostAsJsonAsync("/api/v1/setup", new { setupToken, userName = UserName, password = Password, orgName = "Bench" }))
        {
            setup.EnsureSuccessStatusCode();
        }

        var hosts = await silo.CreateHostsAsync(hostCount, parallel: 32);
        await using (var fleet = AgentFleet.Create(silo.GatewayAddress, hosts, packStreams: true, jobServers: 1))
        {
            await fleet.ConnectAllAsync(parallel: 100);
            await JobScenario.WaitUntilOnlineAsync(silo, hostCount, TimeSpan.FromMinutes(2), () => $"Agent streams ended: {fleet.Failures()}.");
        }

        await WaitUntilNoneOnlineAsync(silo);
        await WaitUntilNoGrainIsCalledAsync(silo, log);
        log.WriteLine($"# overview: {hostCount} hosts, each with a game server its agent declared, now offline; silo pid {silo.Pid}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = silo.ApiAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("#userName", UserName);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(silo.ApiAddress.ToString());
        await page.Locator("[data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        long circuitBytes = 0;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
            Interlocked.Add(ref circuitBytes, frame.Binary?.Length ?? Encoding.UTF8.GetByteCount(frame.Text ?? ""));

        var times = new List<double>();
        double agentShownMs = 0;
        var documentBytes = 0;
        double grainCalls = 0;
        var rows = 0;
        var domCharacters = 0;
        var cpu = CpuWindow.Start(silo.Pid);
        for (var i = 0; i < renders; i++)
        {
            var before = await silo.ScrapeMetricsAsync();
            Interlocked.Exchange(ref circuitBytes, 0);
            var clock = Stopwatch.StartNew();
            var response = await page.GotoAsync(pagePath) ?? throw new InvalidOperationException($"{pagePath} answered nothing.");
            await page.Locator($"{table} [data-host-id]").First.WaitForAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (isHostsPage)
            {
                await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=hosts] [data-testid=agent-version]')?.textContent !== '—'");
                agentShownMs = clock.Elapsed.TotalMilliseconds;
            }

            // Whatever the circuit sends after the table (the rest of its first batch) belongs to the render too.
            await page.WaitForFunctionAsync("() => document.getAnimations().length === 0");
            await Task.Delay(TimeSpan.FromSeconds(1));
            var after = await silo.ScrapeMetricsAsync();
            documentBytes = (await response.BodyAsync()).Length;
            grainCalls = PrometheusCounters.Sum(after, GrainCalls) - PrometheusCounters.Sum(before, GrainCalls);
            rows = await page.Locator($"{table} [data-host-id]").CountAsync();
            domCharacters = await page.EvaluateAsync<int>("() => document.documentElement.outerHTML.length");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# overview {pagePath}: render {i + 1}: {times[^1]:0} ms{(isHostsPage ? $", agent shown at {agentShownMs:0} ms" : "")}, document {documentBytes} B, circuit {Interlocked.Read(ref circuitBytes)} B, {rows} rows, DOM {domCharacters} chars, {grainCalls} grain calls"));
        }

        var usage = cpu.Stop();
        var warm = times.Skip(1).Order().ToArray();
        var extra = new Dictionary<string, double>();
        if (isHostsPage)
        {
            extra["agentShownMsLastRender"] = Math.Round(agentShownMs, 1);
        }

        return new RunResult
        {
            Run = isHostsPage ? "overview-hosts" : "overview",
            Operation = isHostsPage ? "first render of the hosts page with data" : "first render of the overview with data",
            Agents = hostCount,
            Operations = renders,
            P50Ms = warm.Length > 0 ? Math.Round(warm[warm.Length / 2], 1) : null,
            MeanMs = Math.Round(times.Average(), 1),
            SiloCpuPercent = Math.Round(usage.SiloPercent, 1),
            Extra = new Dictionary<string, double>(extra)
            {
                ["firstRenderMs"] = Math.Round(times[0], 1),
                ["maxWarmRenderMs"] = warm.Length > 0 ? Math.Round(warm[^1], 1) : 0,
                ["documentBytes"] = documentBytes,
                ["circuitBytesLastRender"] = Interlocked.Read(ref circuitBytes),
                ["domCharacters"] = domCharacters,
                ["hostRowsRendered"] = rows,
                ["grainCallsLastRender"] = grainCalls,
                ["otherCpuPercent"] = Math.Round(usage.OtherPercent, 1),
                ["loadAverage"] = MachineInfo.LoadAverage(),
            },
        };
    }

    /// <summary>
    /// Waits (at most 2 minutes) for 2 s in which no grain is called: the hosts' grains check on their agents' silence for
    /// a while after they leave, and those calls would be counted as the render's.
    /// </summary>
    private static async Task WaitUntilNoGrainIsCalledAsync(BenchSilo silo, TextWriter log)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var before = PrometheusCounters.Sum(await silo.ScrapeMetricsAsync(), GrainCalls);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = PrometheusCounters.Sum(await silo.ScrapeMetricsAsync(), GrainCalls);
            if (after - before <= 1 || DateTime.UtcNow > deadline)
            {
                log.WriteLine($"# overview: {after - before} grain calls in the last 2 s before the renders");
                return;
            }

            before = after;
        }
    }

    private static async Task WaitUntilNoneOnlineAsync(BenchSilo silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while ((await silo.ListHostsAsync()).Count(h => h.Status == HostStatus.Online) is var online and > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{online} hosts were still online two minutes after their agents left.");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
