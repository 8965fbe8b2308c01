namespace GameOps.Grains.GameServers;

/// <summary>Compares descriptors by value; the record's own equality compares capability arrays by reference.</summary>
public sealed class GameServerDescriptorComparer : IEqualityComparer<GameServerDescriptor>
{
    public static GameServerDescriptorComparer Instance { get; } = new();

    public bool Equals(GameServerDescriptor? x, GameServerDescriptor? y) =>
        ReferenceEquals(x, y)
        || (x is not null && y is not null && x.Id == y.Id && x.Name == y.Name && x.Kind == y.Kind && x.Capabilities.SequenceEqual(y.Capabilities));

    public int GetHashCode(GameServerDescriptor obj) => HashCode.Combine(obj.Id, obj.Name, obj.Kind);
}
