namespace GameOps.Grains;

public static class StorageNames
{
    /// <summary>The grain storage every GameOps grain persists to.</summary>
    public const string GameOps = "gameops";
}
