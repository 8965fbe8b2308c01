using GameOps.Grains.Jobs;

namespace GameOps.Web.Overview;

/// <param name="At">When the job entered <see cref="State"/>, or was created when that is all the list knows.</param>
public sealed record JobRow(Guid Id, string HostId, string? ServerId, string Action, JobState State, string? Error, DateTimeOffset At);
