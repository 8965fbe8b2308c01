namespace GameOps.Bench.Jobs;

/// <summary>The console traffic a job run carries beside its jobs (<c>--console N</c> and the options after it).</summary>
/// <param name="Agents">Simulated agents sending console lines, each on its own host.</param>
/// <param name="LinesPerSecond">Lines each server sends a second, in a batch every 100 ms.</param>
/// <param name="Viewers">SSE clients of <c>GET …/servers/main/console</c>, one server each, timing every line.</param>
/// <param name="ServersPerAgent">7 Days to Die servers each agent declares; each sends its own lines.</param>
/// <param name="ChatEvery">Every this many lines of a server one is a player's chat line (0: none).</param>
/// <param name="OwnConnections">
/// Each agent on an HTTP/2 connection of its own, as real agents on their own hosts connect, rather than 100 streams to a
/// connection: what a connection costs the silo per message is then in the run.
/// </param>
/// <param name="Client">What carries the console agents' streams (<see cref="ConsoleClient"/>).</param>
/// <param name="OwnProcess">
/// The agents and viewers in a process of their own (<see cref="ConsoleGeneratorProcess"/>) rather than beside the job
/// run's agents and callers.
/// </param>
/// <param name="Windows">The lines on and off in windows of the measured time, which it then lasts (<see cref="ConsoleWindowPlan"/>).</param>
public sealed record ConsoleTraffic(
    int Agents, int LinesPerSecond = 20, int Viewers = 20, int ServersPerAgent = 1, int ChatEvery = 0, bool OwnConnections = false,
    ConsoleClient Client = ConsoleClient.Grpc, bool OwnProcess = false, ConsoleWindowPlan? Windows = null)
{
    /// <summary>
    /// The console run's default warm-up: the silo's JIT compiled until about 30 s after its agents were online, and took
    /// 0-3 % of the silo's CPU from then on (docs/benchmarks.md, "The console run's generator and warm-up").
    /// </summary>
    public const int WarmUpSeconds = 40;

    public int LinesOffered => Agents * ServersPerAgent * LinesPerSecond;
}

/// <summary>The HTTP/2 client of the console agents' streams; the silo reads the same bytes from either.</summary>
public enum ConsoleClient
{
    /// <summary>Grpc.Net.Client over SocketsHttpHandler, as the real agent: about 16-19 µs of the generator's CPU per batch.</summary>
    Grpc,

    /// <summary>The bench's own (<see cref="Agents.Http2AgentConnection"/>): about 10-12 µs per batch.</summary>
    Frames,
}
