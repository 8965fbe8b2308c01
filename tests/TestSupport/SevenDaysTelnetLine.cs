using System.Globalization;

namespace GameOps.TestSupport;

/// <summary>One step of a <see cref="SevenDaysTelnetTestServer"/> answer: a line to send, or a pause.</summary>
public sealed record SevenDaysTelnetLine
{
    private static readonly DateTime Started = DateTime.Now;

    private SevenDaysTelnetLine(string? text, bool isLog, TimeSpan pause, Task? gate = null)
    {
        Text = text;
        IsLog = isLog;
        Pause = pause;
        Gate = gate;
    }

    /// <summary>The line as sent, without its CRLF; null for a pause.</summary>
    public string? Text { get; }

    /// <summary>Whether the line is a timestamped log line (not part of any answer).</summary>
    public bool IsLog { get; }

    public TimeSpan Pause { get; }

    /// <summary>For a pause: what ends it, instead of <see cref="Pause"/>.</summary>
    public Task? Gate { get; }

    /// <summary>A line of command output: sent as it is, without a timestamp.</summary>
    public static SevenDaysTelnetLine Output(string text) => new(text, isLog: false, TimeSpan.Zero);

    /// <summary>
    /// A log line as the server writes it to every telnet session: <c>2024-05-01T12:00:00 1234.567 INF message</c>
    /// (local time to the second, seconds since start with three decimals, a three-letter level). The time is taken
    /// now, so a test knows the exact line it expects in the console line sink.
    /// </summary>
    public static SevenDaysTelnetLine Log(string message, string level = "INF") => new(FormatLog(level, message), isLog: true, TimeSpan.Zero);

    /// <summary>Sends what is written so far, then waits before the next step.</summary>
    public static SevenDaysTelnetLine Wait(TimeSpan pause) => new(null, isLog: false, pause);

    /// <summary>
    /// Sends what is written so far, then waits until <paramref name="gate"/> completes: the test decides when the game
    /// goes on, so a test on a fake clock can move time while the game is silent.
    /// </summary>
    public static SevenDaysTelnetLine Until(Task gate) => new(null, isLog: false, TimeSpan.Zero, gate);

    internal static string FormatLog(string level, string message)
    {
        var now = DateTime.Now;
        var uptime = (now - Started).TotalSeconds + 12.5;
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-ddTHH:mm:ss} {uptime:0.000} {level} {message}");
    }
}
