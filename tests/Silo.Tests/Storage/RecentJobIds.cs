namespace GameOps.Silo.Tests.Storage;

/// <summary>The host's recent job ids as they were stored: one block of 16-byte ids, oldest first.</summary>
[GenerateSerializer, Alias("GameOps.Silo.Tests.Storage.RecentJobIds")]
public sealed class RecentJobIds
{
    [Id(0)] public byte[] Ids { get; set; } = [];
}
