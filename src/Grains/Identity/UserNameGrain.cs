namespace GameOps.Grains.Identity;

public sealed class UserNameGrain(
    [PersistentState("user-name", StorageNames.GameOps)] IPersistentState<UserNameState> state)
    : Grain, IUserNameGrain
{
    public async Task<bool> ClaimAsync(string userId)
    {
        if (state.State.UserId is { } holder)
        {
            return holder == userId;
        }

        state.State.UserId = userId;
        await state.WriteStateAsync();
        return true;
    }

    public async Task ReleaseAsync(string userId)
    {
        if (state.State.UserId == userId)
        {
            await state.ClearStateAsync();
        }
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(state.State.UserId);
}
