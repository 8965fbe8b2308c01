namespace GameOps.Web.Shell;

/// <summary>One page of a list the console reads as its REST endpoint pages it, oldest first.</summary>
/// <param name="NextCursor">Reads the next page; null on the last.</param>
public sealed record ConsolePage<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>How many items the console's lists read at a time: the REST API's default page.</summary>
    public const int Size = 50;
}
