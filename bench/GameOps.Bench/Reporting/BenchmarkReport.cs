using System.Globalization;
using System.Text;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Reporting;

/// <summary>
/// docs/benchmarks.md: the command, the machine and how quiet it was, every target against what was measured, all
/// runs, the cost breakdown by stage, and the raw JSON lines. The hand-written analysis between the notes markers of
/// the existing file is kept.
/// </summary>
public sealed class BenchmarkReport
{
    public const string NotesStart = "<!-- notes: kept when the benchmark rewrites this page -->";
    public const string NotesEnd = "<!-- end of notes -->";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public required MachineInfo Machine { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double LoadAverageAtStart { get; init; }

    public double LoadAverageAtEnd { get; set; }

    public required string Command { get; init; }

    public string? Note { get; init; }

    public required string Configuration { get; init; }

    public LatencyHistogram? DiskSync { get; set; }

    public TimeSpan Elapsed { get; set; }

    public List<RunResult> Results { get; } = [];

    public async Task WriteAsync(string path)
    {
        var notes = File.Exists(path) ? KeptNotes(await File.ReadAllTextAsync(path)) : null;
        await File.WriteAllTextAsync(path, Render(notes));
    }

    private static string? KeptNotes(string existing)
    {
        var start = existing.IndexOf(NotesStart, StringComparison.Ordinal);
        var end = existing.IndexOf(NotesEnd, StringComparison.Ordinal);
        return start >= 0 && end > start ? existing[(start + NotesStart.Length)..end].Trim('\n') : null;
    }

    private string Render(string? notes)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("One command runs the standard set on a clean clone (it builds the silo, the agent and the benchmark in Release)");
        md.AppendLine("and rewrites this page:");
        md.AppendLine();
        md.AppendLine("```sh");
        md.AppendLine(Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("[bench/README.md](../bench/README.md) says what each run does and how to run one alone. Every figure below");
        md.AppendLine("comes from that command's last run; nothing is typed in by hand except the notes section.");
        md.AppendLine();

        RenderMachine(md);
        RenderTargets(md);
        RenderRuns(md);
        RenderStages(md);
        RenderEvents(md);
        RenderHeartbeats(md);
        RenderRealistic(md);

        md.AppendLine("## Notes");
        md.AppendLine();
        md.AppendLine(NotesStart);
        md.AppendLine(notes ?? "\n_No notes yet._\n");
        md.AppendLine(NotesEnd);
        md.AppendLine();

        md.AppendLine("## Raw results");
        md.AppendLine();
        md.AppendLine("One JSON line per run, as the benchmark printed them.");
        md.AppendLine();
        md.AppendLine("```json");
        foreach (var result in Results)
        {
            md.AppendLine(result.ToJsonLine());
        }

        md.AppendLine("```");
        return md.ToString();
    }

    private void RenderMachine(StringBuilder md)
    {
        var measured = Results.Where(r => r.OtherCpuPercent is not null).ToArray();
        var otherMean = measured.Length > 0 ? measured.Average(r => r.OtherCpuPercent!.Value) : 0;
        var otherMax = measured.Length > 0 ? measured.Max(r => r.OtherCpuPercent!.Value) : 0;
        // Only CPU taken inside the measured windows counts: the load average at the start still carries the build that
        // `dotnet run` has just done.
        var busy = otherMax > 10;

        md.AppendLine("## This run");
        md.AppendLine();
        md.AppendLine(Invariant, $"- **Date:** {StartedAt:yyyy-MM-dd HH:mm} UTC; the set took {Elapsed.TotalMinutes:0.0} minutes.");
        md.AppendLine(Invariant, $"- **Machine:** {Machine.Cores} cores ({Machine.CpuModel}), {Machine.MemoryBytes / 1073741824.0:0.0} GiB RAM, Linux {Machine.Kernel}, {Machine.Runtime}; build configuration {Configuration}.");
        md.AppendLine("  The silo, the load generator (simulated agents and REST callers) and, in the realistic run, the agent and the RCON double all share these cores.");
        if (DiskSync is { } disk)
        {
            md.AppendLine(Invariant, $"- **Disk:** one 4 KiB write + fsync takes p50 {disk.PercentileMilliseconds(0.5):0.00} ms, p99 {disk.PercentileMilliseconds(0.99):0.00} ms on the disk the silo's database is on. With SQLite's `synchronous = FULL` (the default) every commit waits for one.");
        }

        md.AppendLine(Invariant, $"- **How quiet:** load average {LoadAverageAtStart:0.00} at the start, {LoadAverageAtEnd:0.00} at the end; CPU used by processes other than the silo and the benchmark during the measured windows: mean {otherMean:0.0} %, max {otherMax:0.0} % of one core.");
        md.AppendLine(busy
            ? "  **The machine was busy during this run** (other processes used CPU during measured windows): treat the figures as noisy lower bounds, and repeat on a quiet machine."
            : "  The machine was quiet.");
        if (!string.IsNullOrWhiteSpace(Note))
        {
            md.AppendLine(Invariant, $"- **Note:** {Note}");
        }

        md.AppendLine();
    }

    private void RenderTargets(StringBuilder md)
    {
        var big = Find("jobs", 100, 32, "Full");
        var bigNormal = Find("jobs", 100, 32, "Normal");
        var small = Find("jobs", 10, 4, "Full");
        var smallNormal = Find("jobs", 10, 4, "Normal");
        var beats = Results.FirstOrDefault(r => r.Run == "heartbeats");
        var realistic = Results.FirstOrDefault(r => r.Run == "realistic");
        var echo = Results.FirstOrDefault(r => r.Run == "echo" && r.Callers == 32);

        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("Two cores, the load generator sharing them. Job runs are shown with the shipped default (`Synchronous = Full`:");
        md.AppendLine("every commit synced to disk) and with `Normal` (commits reach the operating system before the API answers and survive");
        md.AppendLine("a crash of the silo process, but not a power cut); see the notes for what separates them.");
        md.AppendLine();
        md.AppendLine("| target | Full (default) | Normal | met |");
        md.AppendLine("| --- | --- | --- | --- |");
        Target(md, "100 hosts, 32 callers: ≥ 10,000 jobs/s", big?.JobsPerSecond, bigNormal?.JobsPerSecond, "jobs/s", v => v >= 10_000);
        Target(md, "100 hosts, 32 callers: p50 ≤ 3 ms", big?.P50Ms, bigNormal?.P50Ms, "ms", v => v <= 3);
        Target(md, "100 hosts, 32 callers: p99 ≤ 15 ms", big?.P99Ms, bigNormal?.P99Ms, "ms", v => v <= 15);
        md.AppendLine(Invariant, $"| durable: stored before the API answers | {Durable(big, small)} | {Durable(bigNormal, smallNormal)} | {(Lost(big, small, bigNormal, smallNormal) == 0 ? "yes" : "**no**")} |");
        Target(md, "10 hosts, 4 callers: p50 ≤ 1 ms", small?.P50Ms, smallNormal?.P50Ms, "ms", v => v <= 1);
        var oneSse = Results.FirstOrDefault(r => r.Run == Scenarios.StandardSet.OneSseClientRun);
        var thousandSse = Results.FirstOrDefault(r => r.Run == Scenarios.StandardSet.ThousandSseClientsRun);
        Target(md, "100 hosts, 32 callers, one SSE client: ≥ 90 % of the jobs/s without", oneSse?.JobsPerSecond / big?.JobsPerSecond * 100, null, "%", v => v >= 90);
        var thousandSsePaced = Results.FirstOrDefault(r => r.Run == Scenarios.StandardSet.ThousandSseClientsPacedRun);
        Target(md, "1,000 SSE clients of one org, 2 jobs/s (~10 events/s): delivery p99 ≤ 100 ms", thousandSsePaced?.Extra?.GetValueOrDefault("sseDeliveryP99Ms"), null, "ms", v => v <= 100);
        Target(md, "1,000 SSE clients of one org, one caller as fast as it goes: delivery p99 ≤ 100 ms", thousandSse?.Extra?.GetValueOrDefault("sseDeliveryP99Ms"), null, "ms", v => v <= 100);
        Target(md, "10,000 agents: heartbeat p99 ≤ 20 ms", beats?.HeartbeatP99Ms, null, "ms", v => v <= 20);
        Target(md, "10,000 agents: ≤ 2 context switches per heartbeat", beats?.SwitchesPerOp, null, "switches", v => v <= 2);
        Target(md, "10,000 agents: ≤ 64 KB silo memory per agent", beats?.RssPerAgentBytes / 1024, null, "KiB", v => v <= 64);
        Target(md, "agent process idle: ≤ 30 MB RSS", realistic?.Extra?.GetValueOrDefault("agentIdleRssBytes") / 1048576, null, "MiB", v => v <= 30);
        md.AppendLine();
        if (echo is not null)
        {
            md.AppendLine(Invariant, $"The physical limit, measured in the same invocation: a bare gRPC bidirectional echo with 32 callers does {echo.JobsPerSecond:N0} round trips/s at p50 {echo.P50Ms:0.000} ms (p99 {echo.P99Ms:0.000} ms).");
            md.AppendLine();
        }
    }

    private void RenderRuns(StringBuilder md)
    {
        md.AppendLine("## All runs");
        md.AppendLine();
        md.AppendLine("Silo CPU is in percent of one core (200 % is both cores); for the echo it is the echo server's. Bench CPU is the load");
        md.AppendLine("generator's (plus the agent's in the realistic run); other CPU is everything else on the machine in the same window.");
        md.AppendLine();
        md.AppendLine("Silo CPU µs/op is split into user and kernel time (`/proc/<pid>/stat`). Switches/op are the silo's context switches");
        md.AppendLine("per operation, voluntary (a thread waited) + involuntary (a thread was preempted), summed over its threads");
        md.AppendLine("(`/proc/<pid>/task/*/status` before and after the window; a thread that ended inside it takes its switches with it,");
        md.AppendLine("and \"ended\" counts those threads). Threads are the silo's at the end of the window: .NET thread-pool workers / all.");
        md.AppendLine();
        md.AppendLine("| run | operation | agents | callers | sync | ops/s | p50 ms | p99 ms | p99.9 ms | silo CPU % | silo CPU µs/op | user + kernel µs/op | switches/op (vol + invol) | threads (pool / all, ended) | silo RSS MiB | bench CPU % | other CPU % | failed |");
        md.AppendLine("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in Results.Where(r => !r.Run.StartsWith("stage:", StringComparison.Ordinal)))
        {
            md.AppendLine(Invariant, $"| {r.Run} | {r.Operation} | {r.Agents:N0} | {r.Callers} | {r.Durability ?? "–"} | {N(r.JobsPerSecond, "N0")} | {N(r.P50Ms, "0.000")} | {N(r.P99Ms, "0.000")} | {N(r.P999Ms, "0.000")} | {N(r.SiloCpuPercent, "0")} | {N(r.SiloCpuMicrosPerOp, "0")} | {N(r.SiloUserMicrosPerOp, "0")} + {N(r.SiloKernelMicrosPerOp, "0")} | {Switches(r)} | {N(r.ThreadPoolThreads, "0")} / {N(r.SiloThreads, "0")}, {N(r.SiloThreadsEnded, "0")} | {N(r.SiloRssBytes / 1048576.0, "0.0")} | {N(r.BenchCpuPercent, "0")} | {N(r.OtherCpuPercent, "0")} | {r.Failures} |");
        }

        md.AppendLine();
    }

    private void RenderStages(StringBuilder md)
    {
        md.AppendLine("## Cost breakdown by stage");
        md.AppendLine();
        md.AppendLine("Each row stops a job's path one stage later, on the same silo with 100 agents connected. Latency is the p50 with one");
        md.AppendLine("caller (nothing queues, so it is the stage's own time); CPU is the silo's CPU time per operation with 32 callers;");
        md.AppendLine("switches are the silo's context switches per operation (voluntary + involuntary, all its threads) at 1 and 32 callers.");
        md.AppendLine("The increments are what the stage adds on top of the row above; the first row is the bare gRPC echo.");
        md.AppendLine();
        foreach (var durability in new[] { "Full", "Normal" })
        {
            var rows = new (string Name, string Adds, RunResult? One, RunResult? Many)[]
            {
                ("gRPC echo", "the transport alone (HTTP/2, protobuf, loopback)", Results.FirstOrDefault(r => r.Run == "echo" && r.Callers == 1), Results.FirstOrDefault(r => r.Run == "echo" && r.Callers == 32)),
                ("REST call", "HTTP/1.1 request through Kestrel and routing (`GET /healthz`)", Stage("stage:rest", 1, durability), Stage("stage:rest", 32, durability)),
                ("+ auth, grain call", "API key check (SHA-256; the platform grain is asked at most every 5 s) and one host grain call, JSON (`GET /hosts/{id}`)", Stage("stage:auth+grain", 1, durability), Stage("stage:auth+grain", 32, durability)),
                ("+ create job", "validation, job record and host outbox written in one commit, pushed to the agent's stream, dispatch noted in memory (`POST ?wait=0`; the agents still answer every job, so at 32 callers its CPU includes handling and storing the answer)", Stage("stage:create", 1, durability), Stage("stage:create", 32, durability)),
                ("+ agent round trip", "the caller waits for the answer: Ack (kept by the gateway) and result over the stream, result written, waiting request woken (`POST ?wait=25`)", Stage("stage:round-trip", 1, durability), Stage("stage:round-trip", 32, durability)),
            };
            if (rows.Skip(1).All(r => r.One is null && r.Many is null))
            {
                continue;
            }

            md.AppendLine(Invariant, $"**Synchronous = {durability}**");
            md.AppendLine();
            md.AppendLine("| stage | adds | p50 ms, 1 caller | + ms | silo CPU µs/op, 32 callers | + µs | switches/op, 1 caller | switches/op, 32 callers | ops/s, 32 callers |");
            md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            double? previousLatency = null;
            double? previousCpu = null;
            foreach (var (name, adds, one, many) in rows)
            {
                var latency = one?.P50Ms;
                var cpu = many?.SiloCpuMicrosPerOp;
                md.AppendLine(Invariant, $"| {name} | {adds} | {N(latency, "0.000")} | {N(latency - previousLatency, "+0.000;-0.000")} | {N(cpu, "0")} | {N(cpu - previousCpu, "+0;-0")} | {N(one?.SwitchesPerOp, "0.0")} | {N(many?.SwitchesPerOp, "0.0")} | {N(many?.JobsPerSecond, "N0")} |");
                previousLatency = latency;
                previousCpu = cpu;
            }

            md.AppendLine();
        }

        if (Find("jobs", 100, 32, "Full") is { } plain && Results.FirstOrDefault(r => r.Run == Scenarios.StandardSet.SpansExportedRun) is { } exported)
        {
            var exports = exported.Extra?.GetValueOrDefault("otlpExports");
            var bytes = exported.Extra?.GetValueOrDefault("otlpBytes");
            md.AppendLine(Invariant, $"Spans (ADR 0008: recorded only when exported; a job carries its request's trace context either way): the 100 hosts × 32 callers run exporting every span over OTLP/HTTP to a local endpoint ({N(exports, "N0")} exports, {N(bytes / (1024 * 1024), "N1")} MiB) does {N(exported.JobsPerSecond, "N0")} jobs/s at {N(exported.SiloCpuMicrosPerOp, "0")} µs of silo CPU per job, against {N(plain.JobsPerSecond, "N0")} jobs/s at {N(plain.SiloCpuMicrosPerOp, "0")} µs without an exporter: recording and exporting spans costs {N(exported.SiloCpuMicrosPerOp - plain.SiloCpuMicrosPerOp, "0")} µs per job.");
            md.AppendLine();
        }

        var full = Stage("stage:round-trip", 1, "Full");
        var normal = Stage("stage:round-trip", 1, "Normal");
        if (full?.P50Ms is { } f && normal?.P50Ms is { } n && DiskSync is { } disk)
        {
            md.AppendLine(Invariant, $"Disk syncs: one caller's round trip takes {f:0.000} ms with `Full` and {n:0.000} ms with `Normal`; the {f - n:0.000} ms between them is time spent waiting for fsync ({(f - n) / disk.PercentileMilliseconds(0.5):0.0} syncs of {disk.PercentileMilliseconds(0.5):0.00} ms each, in sequence, per job).");
            md.AppendLine();
        }
    }

    private void RenderEvents(StringBuilder md)
    {
        var runs = Results.Where(r => r.Extra?.ContainsKey("sseClients") == true).ToArray();
        if (runs.Length == 0)
        {
            return;
        }

        md.AppendLine("## Org events to SSE clients");
        md.AppendLine();
        md.AppendLine("Clients of `GET /api/v1/events` attached to a job run, each on its own connection in the load generator. Delivery is");
        md.AppendLine("the time from an event's `at` (the silo's clock) to a client reading it, timed on 20 of the clients; memory per client");
        md.AppendLine("is the silo's RSS growth while the clients connected, divided by their number.");
        md.AppendLine();
        md.AppendLine("| run | agents | callers | SSE clients | jobs/s | job p99 ms | events/s delivered | delivery p50 ms | delivery p99 ms | silo RSS per client KiB | silo CPU % |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in runs)
        {
            var x = r.Extra!;
            md.AppendLine(Invariant, $"| {r.Run} | {r.Agents:N0} | {r.Callers} | {X(x, "sseClients", "N0")} | {N(r.JobsPerSecond, "N0")} | {N(r.P99Ms, "0.000")} | {X(x, "sseEventsPerSecond", "N0")} | {X(x, "sseDeliveryP50Ms", "0.0")} | {X(x, "sseDeliveryP99Ms", "0.0")} | {X(x, "sseRssPerClientBytes", 1024, "0.0")} | {N(r.SiloCpuPercent, "0")} |");
        }

        md.AppendLine();
    }

    private void RenderHeartbeats(StringBuilder md)
    {
        if (Results.FirstOrDefault(r => r.Run == "heartbeats") is not { } r)
        {
            return;
        }

        var x = r.Extra ?? [];
        md.AppendLine(Invariant, $"## {r.Agents:N0} agents heartbeating");
        md.AppendLine();
        md.AppendLine(Invariant, $"- Streams: {r.Agents:N0} real gRPC streams packed 100 to an HTTP/2 connection (Kestrel's limit), each heartbeating every 5 s at a random phase: {X(x, "heartbeatsPerSecond", "N0")} heartbeats/s for {r.MeasuredSeconds:0} s.");
        md.AppendLine(Invariant, $"- Heartbeat p99: **{N(r.HeartbeatP99Ms, "0.0")} ms**, from the {r.HeartbeatSource}.");
        md.AppendLine(Invariant, $"  The generator's own probe (500 sampled agents; `lastHeartbeatAt` read back through the API minus the heartbeat's `sent_at`, so it includes the host grain call): p50 {X(x, "probeP50Ms", "0.0")} ms, p99 {X(x, "probeP99Ms", "0.0")} ms, max {X(x, "probeMaxMs", "0.0")} ms over {X(x, "probeSamples", "N0")} samples ({X(x, "probeNotPassedOn", "N0")} found an older heartbeat: not passed on to the host grain; {X(x, "probeMissed", "N0")} not seen within 2 s).");
        md.AppendLine(Invariant, $"- Silo CPU: {N(r.SiloCpuPercent, "0.0")} % of one core, {N(r.SiloCpuMicrosPerOp, "0")} µs per heartbeat.");
        md.AppendLine(Invariant, $"- Per heartbeat: {N(r.VoluntarySwitchesPerOp, "0.00")} voluntary and {N(r.InvoluntarySwitchesPerOp, "0.00")} involuntary context switches, {X(x, "grainRequestsPerHeartbeat", "0.00")} grain requests, {X(x, "threadPoolWorkItemsPerHeartbeat", "0.00")} thread-pool work items, {X(x, "streamMessagesPerHeartbeat", "0.00")} org stream messages, {X(x, "storageWritesPerHeartbeat", "0.000")} grain state writes, {X(x, "siloAllocatedBytesPerHeartbeat", "N0")} bytes allocated; the probe's {X(x, "probeReadsPerHeartbeat", "0.00")} API reads per heartbeat included.");
        md.AppendLine(Invariant, $"- Memory: silo RSS {X(x, "emptyRssBytes", 1048576, "0.0")} MiB with the hosts registered and none connected, {X(x, "connectedRssBytes", 1048576, "0.0")} MiB with all connected (each after a forced full compacting GC and settling): **{N(r.RssPerAgentBytes / 1024, "0.0")} KiB per agent**, of which {X(x, "managedHeapPerAgentBytes", 1024, "0.0")} KiB is managed heap (the rest is native: socket and HTTP/2 buffers, thread stacks, the GC's own bookkeeping and free space it keeps committed).");
        md.AppendLine(Invariant, $"  Between {X(x, "partialAgents", "N0")} and {r.Agents:N0} agents connected, each further agent added {X(x, "marginalRssPerAgentBytes", 1024, "0.0")} KiB RSS ({X(x, "marginalManagedHeapPerAgentBytes", 1024, "0.0")} KiB managed): the cost of one more agent without what the first connections set up once.");
        md.AppendLine(Invariant, $"- Set-up: registering the hosts through the API took {X(x, "registerSeconds", "0")} s; connecting the last {r.Agents - (x.TryGetValue("partialAgents", out var partial) ? partial : 0):N0} agents {X(x, "connectSeconds", "0.0")} s ({X(x, "connectedPerSecond", "N0")} a second: authenticate, Hello, host and game server grains activated and written). Streams dropped: {X(x, "agentStreamsDropped", "0")}.");
        md.AppendLine();
    }

    private void RenderRealistic(StringBuilder md)
    {
        if (Results.FirstOrDefault(r => r.Run == "realistic") is not { } r)
        {
            return;
        }

        var x = r.Extra ?? [];
        md.AppendLine("## Realistic run: the real agent and a Source RCON double");
        md.AppendLine();
        md.AppendLine(Invariant, $"- {r.Callers} callers, one host: {N(r.JobsPerSecond, "N0")} jobs/s, p50 {N(r.P50Ms, "0.000")} ms, p99 {N(r.P99Ms, "0.000")} ms, p99.9 {N(r.P999Ms, "0.000")} ms; {X(x, "rconCommands", "N0")} RCON commands reached the double.");
        md.AppendLine(Invariant, $"- Agent: **{X(x, "agentIdleRssBytes", 1048576, "0.0")} MiB RSS idle** (10 s after connecting), {X(x, "agentRssUnderLoadBytes", 1048576, "0.0")} MiB under load, {X(x, "agentIdleRssAfterLoadBytes", 1048576, "0.0")} MiB idle again afterwards; {X(x, "agentCpuMicrosPerJob", "0")} µs CPU per job.");
        md.AppendLine();
    }

    private RunResult? Find(string run, int agents, int callers, string durability) =>
        Results.FirstOrDefault(r => r.Run == run && r.Agents == agents && r.Callers == callers && r.Durability == durability);

    private RunResult? Stage(string run, int callers, string durability) =>
        Results.FirstOrDefault(r => r.Run == run && r.Callers == callers && r.Durability == durability);

    private static void Target(StringBuilder md, string target, double? full, double? normal, string unit, Func<double, bool> met)
    {
        var verdict = full is { } f && met(f) ? "yes" : normal is { } n && met(n) ? "with Normal only" : full is null ? "not measured" : "**no**";
        md.AppendLine(Invariant, $"| {target} | {N(full, "#,0.0##")} {unit} | {(normal is null ? "–" : $"{N(normal, "#,0.0##")} {unit}")} | {verdict} |");
    }

    private static string Durable(params RunResult?[] runs)
    {
        var checkedJobs = runs.Sum(r => r?.Extra?.GetValueOrDefault("durableChecked") ?? 0);
        var lost = runs.Sum(r => r?.Extra?.GetValueOrDefault("durableLost") ?? 0);
        return checkedJobs == 0 ? "not checked" : string.Create(Invariant, $"{checkedJobs:0} answered jobs read back after killing the silo: {lost:0} lost");
    }

    private static double Lost(params RunResult?[] runs) => runs.Sum(r => r?.Extra?.GetValueOrDefault("durableLost") ?? 0);

    private static string N(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, Invariant) : "–";

    private static string N(long? value, string format) => N(value is null ? null : (double)value, format);

    private static string N(int? value, string format) => N(value is null ? null : (double)value, format);

    private static string Switches(RunResult r) =>
        r.SwitchesPerOp is null ? "–" : $"{N(r.SwitchesPerOp, "0.0")} ({N(r.VoluntarySwitchesPerOp, "0.0")} + {N(r.InvoluntarySwitchesPerOp, "0.0")})";

    private static string X(Dictionary<string, double> extra, string key, string format) =>
        extra.TryGetValue(key, out var value) ? N(value, format) : "–";

    private static string X(Dictionary<string, double> extra, string key, double divisor, string format) =>
        extra.TryGetValue(key, out var value) ? N(value / divisor, format) : "–";
}
