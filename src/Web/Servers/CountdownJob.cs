using GameOps.Grains.Jobs;

namespace GameOps.Web.Servers;

/// <summary>A job a restart countdown sent (an announcement, the save, the restart), in its latest state.</summary>
public sealed record CountdownJob(Guid JobId, string Action, JobState State, string? Error);
