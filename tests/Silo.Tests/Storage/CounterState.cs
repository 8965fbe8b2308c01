namespace GameOps.Silo.Tests.Storage;

[GenerateSerializer, Alias("GameOps.Silo.Tests.Storage.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Count { get; set; }

    [Id(1)]
    public string Label { get; set; } = "";

    [Id(2)]
    public List<string> Items { get; set; } = [];
}
