namespace GameOps.EdgeAgent.Console;

/// <summary>Limits every console line is held to, whoever reads it.</summary>
public static class ConsoleLines
{
    /// <summary>The longest line kept, in UTF-8 bytes (without its line break); the rest is cut off and marked.</summary>
    public const int MaxLineBytes = 8 * 1024;

    /// <summary>Appended to a line that was cut at <see cref="MaxLineBytes"/>.</summary>
    public const string CutMarker = " [line cut: longer than 8192 bytes]";
}
