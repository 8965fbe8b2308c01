namespace GameOps.Grains.Players;

/// <summary>
/// The Minecraft (Java edition) server's log lines, <c>[12:34:56] [Server thread/INFO]: message</c> (the log4j pattern
/// <c>[%d{HH:mm:ss}] [%t/%level]: %msg</c> of the server jar's <c>log4j2.xml</c>; Paper prints <c>[12:34:56 INFO]: </c>),
/// or the bare message. The messages are the server's English texts of the language keys
/// <c>multiplayer.player.joined</c> (<c>%s joined the game</c>), <c>multiplayer.player.joined.renamed</c>
/// (<c>%s (formerly known as %s) joined the game</c>), <c>multiplayer.player.left</c> (<c>%s left the game</c>) and
/// <c>chat.type.text</c> (<c>&lt;%s&gt; %s</c>, since 1.19 after <c>[Not Secure] </c> when the message is unsigned).
/// Account names hold no spaces and no <c>&gt;</c>, so a line whose "name" has one is something else (a <c>/say</c>).
/// </summary>
public sealed class MinecraftLogParser : IGameLogParser
{
    public static MinecraftLogParser Instance { get; } = new();

    private const string Joined = " joined the game";
    private const string Left = " left the game";
    private const string Renamed = " (formerly known as ";
    private const string NotSecure = "[Not Secure] ";

    public string ChatNameSeparator => "> ";

    public GameEvent? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var message = Message(line);
        if (message.StartsWith(NotSecure, StringComparison.Ordinal))
        {
            message = message[NotSecure.Length..];
        }

        if (message.StartsWith('<'))
        {
            var nameEnd = message.IndexOf("> ", StringComparison.Ordinal);
            return nameEnd > 1 && IsName(message.AsSpan(1, nameEnd - 1))
                ? new GameEvent(GameEventKind.Chat, message[1..nameEnd], Text: message[(nameEnd + 2)..])
                : null;
        }

        if (message.EndsWith(Joined, StringComparison.Ordinal))
        {
            var name = message[..^Joined.Length];
            var renamed = name.IndexOf(Renamed, StringComparison.Ordinal);
            if (renamed > 0 && name.EndsWith(')'))
            {
                name = name[..renamed];
            }

            return IsName(name) ? new GameEvent(GameEventKind.Joined, name) : null;
        }

        if (message.EndsWith(Left, StringComparison.Ordinal))
        {
            var name = message[..^Left.Length];
            return IsName(name) ? new GameEvent(GameEventKind.Left, name) : null;
        }

        return null;
    }

    /// <summary>The message after a <c>[time] [thread/LEVEL]: </c> or <c>[time LEVEL]: </c> prefix; the whole line when it has none.</summary>
    private static string Message(string line)
    {
        if (!line.StartsWith('['))
        {
            return line;
        }

        // The prefix is short; a bracket further in belongs to the message.
        var end = line.IndexOf("]: ", StringComparison.Ordinal);
        return end is > 0 and < 96 && line.AsSpan(0, end).Contains("INFO", StringComparison.Ordinal) ? line[(end + 3)..] : line;
    }

    private static bool IsName(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= 64 && !name.ContainsAny(' ', '>', '<') && !name.ContainsAny(['[', ']']);
}
