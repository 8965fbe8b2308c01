using System.Text;
using System.Text.RegularExpressions;
using GameOps.AgentProtocol;
using GameOps.EdgeAgent.Adapters.Results;

namespace GameOps.EdgeAgent.Adapters.SourceRcon.Profiles;

/// <summary>
/// What one game does differently on top of Source RCON: its kind in the config file, how its answers are framed on
/// the wire, which actions it has and the console command each becomes, how its player list reads, and which round
/// trip proves that it is alive. One <see cref="SourceRconAdapter"/> serves each profile.
/// </summary>
public abstract partial class RconProfile
{
    /// <summary>The argument naming the player of <see cref="GameActions.PlayerKick"/> and <see cref="GameActions.PlayerBan"/>.</summary>
    public const string PlayerArgument = GameActionArguments.Player;

    /// <summary>The optional reason of a kick or ban.</summary>
    public const string ReasonArgument = GameActionArguments.Reason;

    /// <summary>The optional length of a ban; no RCON game here has timed bans, so it is refused.</summary>
    public const string DurationArgument = GameActionArguments.Duration;

    /// <summary>
    /// For games framed by <see cref="RconFraming.QuietPeriod"/>: how long the wire must stay silent after a full answer
    /// packet before the answer counts as complete. Only answers that fill whole packets wait for it.
    /// </summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(500);

    // A refusal is quoted in the job's error; a long one (a usage text) is cut there.
    private const int MaxRefusalLength = 500;

    private protected RconProfile()
    {
    }

    /// <summary>The game kind, as written in the agent's config file (e.g. <c>minecraft-rcon</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>The game's name in messages, e.g. "Minecraft".</summary>
    public abstract string GameName { get; }

    /// <summary>Every action this game's adapter can run, in a stable order.</summary>
    public abstract IReadOnlyList<string> Actions { get; }

    /// <summary>
    /// The console command of the health probe: a cheap read that the game's main loop must answer. Null means the
    /// probe runs no command and uses <see cref="SourceRconClient.PingAsync"/> instead.
    /// </summary>
    public abstract string? ProbeCommand { get; }

    /// <summary>The command whose answer <see cref="ParsePlayers"/> reads.</summary>
    protected abstract string PlayersCommand { get; }

    /// <summary>The game's wire behaviour applied to <paramref name="options"/>: framing, packet and command limits, ids.</summary>
    public abstract SourceRconClientOptions Configure(SourceRconClientOptions options);

    /// <summary>Reads the answer to <see cref="PlayersCommand"/>. Pure: no I/O, no state, linear in the answer's length.</summary>
    /// <exception cref="RconAnswerFormatException">The answer is not a player list of this game.</exception>
    public abstract PlayerList ParsePlayers(string answer);

    /// <summary>The answer as the job reports it; ARK's "no response" placeholder becomes empty text.</summary>
    public virtual string NormalizeAnswer(string answer) => answer;

    /// <summary>
    /// The game's own words when <paramref name="answer"/> says the command did not run (an unknown command, a player
    /// who is not there), on one line; null otherwise. Only an answer that starts with one of the game's refusals
    /// counts, so the same words further down in longer output are not one.
    /// </summary>
    public string? Refusal(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = answer.AsSpan().Trim();
        foreach (var refusal in RefusalStarts)
        {
            if (text.StartsWith(refusal, StringComparison.Ordinal))
            {
                var words = string.Join(' ', text.ToString().Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                return words.Length <= MaxRefusalLength ? words : words[..MaxRefusalLength] + "…";
            }
        }

        return null;
    }

    /// <summary>How the game's refusals begin, each as the game's documentation or source prints it.</summary>
    protected abstract IReadOnlyList<string> RefusalStarts { get; }

    /// <summary>
    /// The console command for <paramref name="action"/>. Arguments are data: each is one line of printable text, placed into
    /// the one command this action sends as the game's console grammar requires, so that the console reads exactly that
    /// command with exactly these arguments; what cannot be made safe is refused. Nothing here reaches a shell.
    /// </summary>
    /// <exception cref="GameAdapterException">The action is unknown here or an argument is missing or unsafe.</exception>
    public RconCommand ToCommand(string action, IReadOnlyDictionary<string, string> arguments)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(arguments);
        if (!Actions.Contains(action, StringComparer.Ordinal))
        {
            throw new GameAdapterException($"action '{action}' is not supported by the {Kind} adapter");
        }

        var command = action == GameActions.PlayersList ? new RconCommand(PlayersCommand) : BuildCommand(action, arguments);
        var bytes = Encoding.UTF8.GetByteCount(command.Text);
        var limit = Configure(new SourceRconClientOptions()).MaxCommandBytes;
        if (bytes > limit)
        {
            throw new GameAdapterException($"the {action} command is {bytes} bytes; {GameName} RCON takes at most {limit}");
        }

        return command;
    }

    /// <summary>The command for an action of <see cref="Actions"/> other than <see cref="GameActions.PlayersList"/>.</summary>
    protected abstract RconCommand BuildCommand(string action, IReadOnlyDictionary<string, string> arguments);

    /// <summary>A required argument: one line of printable text (see <see cref="ConsoleArguments.CheckLine"/>), trimmed.</summary>
    protected static string RequireLine(string action, string name, IReadOnlyDictionary<string, string> arguments) =>
        ConsoleArguments.Require(action, name, arguments).Trim();

    /// <summary>An optional argument, as <see cref="RequireLine"/> reads it; null when absent or blank.</summary>
    protected static string? OptionalLine(string action, string name, IReadOnlyDictionary<string, string> arguments) =>
        ConsoleArguments.Optional(action, name, arguments)?.Trim();

    /// <summary>
    /// The <see cref="PlayerArgument"/>: one name or id of letters, digits, '_', '-' and '.', so it cannot be a target
    /// selector (<c>@a</c> kicks everyone on Minecraft) or carry a second word into the command.
    /// </summary>
    protected static string RequirePlayer(string action, IReadOnlyDictionary<string, string> arguments)
    {
        var player = RequireLine(action, PlayerArgument, arguments);
        return PlayerPattern().IsMatch(player)
            ? player
            : throw new GameAdapterException(
                $"the argument '{PlayerArgument}' of {action} must be one player name or id: 1 to 64 letters, digits, '_', '-' or '.'");
    }

    /// <summary>Refuses a <see cref="DurationArgument"/>: bans through these consoles are permanent.</summary>
    protected void RefuseDuration(string action, IReadOnlyDictionary<string, string> arguments)
    {
        if (OptionalLine(action, DurationArgument, arguments) is not null)
        {
            throw new GameAdapterException($"{GameName} has no timed bans through RCON; leave out the argument '{DurationArgument}'");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex PlayerPattern();
}
