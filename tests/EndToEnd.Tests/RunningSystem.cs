namespace GameOps.EndToEnd.Tests;

/// <summary>
/// GameOps as an operator runs it: a silo process on its own data folder, a registered host (enrolled with its install
/// command's token unless the test enrols it itself), a game server double speaking Source RCON, and the real agent
/// process configured for both.
/// </summary>
internal sealed class RunningSystem : IAsyncDisposable
{
    public const string RconPassword = "rcon-secret";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string[] _siloSettings;

    private RunningSystem(TempDirectory folder, SiloProcess silo, GameOpsApi api, SourceRconTestServer game, NewHost host, string? credential, string[] siloSettings)
    {
        _siloSettings = siloSettings;
        Folder = folder;
        Silo = silo;
        Api = api;
        Game = game;
        Host = host;
        Credential = credential;
    }

    public TempDirectory Folder { get; }

    public SiloProcess Silo { get; private set; }

    public GameOpsApi Api { get; private set; }

    public SourceRconTestServer Game { get; }

    public NewHost Host { get; }

    /// <summary>The host's credential, its token's exchange; null when the system started with <c>enrolled: false</c>.</summary>
    public string? Credential { get; }

    public AgentProcess? Agent { get; private set; }

    /// <param name="siloSettings">Extra silo configuration as <c>--key=value</c> arguments.</param>
    /// <param name="enrolled">False leaves the host's token unused, for a test that enrols the agent itself.</param>
    public static async Task<RunningSystem> StartAsync(Func<string, string> gameConsole, IEnumerable<string>? siloSettings = null, bool enrolled = true)
    {
        var folder = new TempDirectory();
        string[] settings = [.. siloSettings ?? []];
        var silo = await SiloProcess.StartAsync(folder.Path, StartTimeout, settings);
        var api = await GameOpsApi.ForAsync(silo, folder.Path);
        var host = await api.CreateHostAsync("End-to-end host");
        var credential = enrolled ? (await AgentEnrolment.EnrolAsync(host.Enrolment.Install)).Credential : null;
        return new RunningSystem(folder, silo, api, new SourceRconTestServer(RconPassword, gameConsole), host, credential, settings);
    }

    /// <summary>Starts the agent with a config file as an operator writes it; <paramref name="credential"/> overrides the enrolled one.</summary>
    /// <param name="controlPlaneUrl">The gateway URL the agent dials; the silo's h2c address when null.</param>
    /// <param name="certificateFingerprint">The gateway certificate the agent pins, for an https URL.</param>
    /// <param name="extraServers">More <c>servers</c> entries after the Source RCON one (serialized camelCase as given).</param>
    /// <param name="consoleLogDirectory">The agent's <c>consoleLogDirectory</c>; null writes no console log.</param>
    /// <param name="mainPower">The main server's <c>power</c> entry (docs/agent.md); null for none.</param>
    /// <param name="environment">Variables for the agent process on top of the test's own (a PATH with a systemctl double).</param>
    /// <param name="mainLogFile">The main server's <c>logFile</c>, whose lines the agent sends; null for none.</param>
    /// <param name="healthProbeSeconds">The agent's <c>healthProbeSeconds</c>; null for its default.</param>
    /// <param name="folder">
    /// Where the agent's config and journal go. Null: the system's folder, and this is its <see cref="Agent"/>; another
    /// folder starts one more agent of the same host, which the caller disposes.
    /// </param>
    public AgentProcess StartAgent(
        string? credential = null,
        string? controlPlaneUrl = null,
        string? certificateFingerprint = null,
        IEnumerable<object>? extraServers = null,
        string? consoleLogDirectory = null,
        string? nativeAgent = null,
        string? folder = null,
        object? mainPower = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? mainLogFile = null,
        int? healthProbeSeconds = null)
    {
        var agent = AgentProcess.Start(folder ?? Folder.Path, new
        {
            controlPlaneUrl = controlPlaneUrl ?? Silo.GatewayAddress.ToString().TrimEnd('/'),
            certificateFingerprint,
            hostId = Host.Host.Id,
            credential = credential ?? Credential ?? throw new InvalidOperationException("The host was not enrolled: pass its credential."),
            journalPath = Path.Combine(folder ?? Folder.Path, "journal.jsonl"),
            consoleLogDirectory,
            healthProbeSeconds,
            servers = new object[]
            {
                new { id = "main", name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{Game.Port}", password = RconPassword, power = mainPower, logFile = mainLogFile },
            }.Concat(extraServers ?? []),
        }, nativeAgent, environment);
        if (folder is null)
        {
            Agent = agent;
        }

        return agent;
    }

    /// <summary>Kills the silo and starts it again on the same data, ports and settings, as after a crash.</summary>
    public async Task RestartSiloAsync()
    {
        await Silo.KillAsync();
        await Silo.DisposeAsync();
        Api.Dispose();
        Silo = await SiloProcess.StartAsync(Folder.Path, StartTimeout, _siloSettings, Silo.Ports);
        Api = await GameOpsApi.ForAsync(Silo, Folder.Path);
    }

    /// <summary>What the processes printed, to explain a failure.</summary>
    public string Diagnostics => $"--- silo ---\n{Silo.Output}\n--- agent ---\n{Agent?.Process.Output}";

    public async ValueTask DisposeAsync()
    {
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }

        Api.Dispose();
        await Silo.DisposeAsync();
        await Game.DisposeAsync();
        Folder.Dispose();
    }
}
