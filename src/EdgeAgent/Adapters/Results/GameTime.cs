namespace GameOps.EdgeAgent.Adapters.Results;

/// <summary>The typed result of <c>server.time</c>: the in-game day and time of day (24-hour clock).</summary>
public sealed record GameTime(int Day, int Hour, int Minute);
