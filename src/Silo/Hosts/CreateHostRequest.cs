namespace GameOps.Silo.Hosts;

public sealed record CreateHostRequest(string? Name);
