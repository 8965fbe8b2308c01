namespace GameOps.Silo.Events;

/// <summary>Told to an SSE client that read too slowly: this many events were dropped; re-read state to catch up.</summary>
public sealed record EventGap(int Dropped)
{
    public const string Kind = "gap";
}
