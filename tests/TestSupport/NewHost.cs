using GameOps.Grains.Hosts;

namespace GameOps.TestSupport;

/// <summary>The answer to <c>POST /api/v1/hosts</c> as a client reads it.</summary>
public sealed record NewHost(HostView Host, string Credential);
