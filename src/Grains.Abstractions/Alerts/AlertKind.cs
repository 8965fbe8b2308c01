namespace GameOps.Grains.Alerts;

/// <summary>What an alert rule watches.</summary>
[GenerateSerializer]
[Alias("GameOps.AlertKind")]
public enum AlertKind
{
    /// <summary>A host whose agent stopped heartbeating: the host's status is Offline.</summary>
    HostOffline = 0,

    /// <summary>A game server whose console refuses connections or stops answering (health Down or Hung).</summary>
    ServerDown = 1,
}
