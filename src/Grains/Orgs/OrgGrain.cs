namespace GameOps.Grains.Orgs;

public sealed class OrgGrain(
    [PersistentState("org", StorageNames.GameOps)] IPersistentState<OrgState> state)
    : Grain, IOrgGrain
{
    public async Task AddHostAsync(string hostId)
    {
        if (state.State.HostIds.Contains(hostId, StringComparer.Ordinal))
        {
            return;
        }

        state.State.HostIds.Add(hostId);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> ListHostIdsAsync() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.HostIds]);
}
