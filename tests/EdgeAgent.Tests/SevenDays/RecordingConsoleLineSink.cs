using GameOps.EdgeAgent.Console;

namespace GameOps.EdgeAgent.Tests.SevenDays;

/// <summary>Keeps every console line published, with its server, for tests to wait on.</summary>
public sealed class RecordingConsoleLineSink : IConsoleLineSink
{
    public MessageLog<(string ServerId, string Line)> Published { get; } = new();

    public IReadOnlyList<string> Lines => [.. Published.Snapshot().Select(entry => entry.Line)];

    public void Publish(string serverId, string line) => Published.Add((serverId, line));

    /// <summary>Waits until <paramref name="count"/> lines have been published.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(int count, string what) =>
        [.. (await Published.WaitForCountAsync(_ => true, count, what)).Select(entry => entry.Line)];
}
