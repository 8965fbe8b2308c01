using GameOps.Grains.GameServers;

namespace GameOps.Web.Hosts;

public sealed record ServerRow(string Id, string Name, ServerHealth Health, string? Detail);
