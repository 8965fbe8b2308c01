namespace GameOps.Grains.Events;

/// <summary>
/// An org event that tells the state of a host or a game server (status, load, health): besides the org's stream, it
/// is published on the org's state stream (<see cref="OrgEventStreams.StateFor"/>), the one the org's own grains (alerts,
/// the org summary) follow, so chat, players, jobs, audit entries and schedules do not wake them.
/// </summary>
public interface IOrgStateEvent;
