using System.Collections.Immutable;
using GameOps.Grains.Identity;
using GameOps.Grains.Orgs;

namespace GameOps.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OrgMembershipTests(ClusterFixture fixture)
{
    private static readonly ImmutableDictionary<string, ServerPermissions> NoGrants = ImmutableDictionary<string, ServerPermissions>.Empty;

    [Fact]
    public async Task Admin_can_neither_make_an_owner_nor_change_one()
    {
        var org = await NewOrgAsync("owner-1");
        await org.SetMemberAsync(new SetMember("admin-1", OrgRole.Admin, NoGrants, null, TestData.Admin));

        await Assert.ThrowsAsync<OrgRuleException>(() => org.SetMemberAsync(new SetMember("someone", OrgRole.Owner, NoGrants, OrgRole.Admin, TestData.Admin)));
        await Assert.ThrowsAsync<OrgRuleException>(() => org.SetMemberAsync(new SetMember("owner-1", OrgRole.Viewer, NoGrants, OrgRole.Admin, TestData.Admin)));
        await Assert.ThrowsAsync<OrgRuleException>(() => org.RemoveMemberAsync("owner-1", OrgRole.Admin, TestData.Admin));
        Assert.Equal(OrgRole.Owner, (await org.GetMemberAsync("owner-1"))!.Role);
    }

    [Fact]
    public async Task Last_owner_stays_until_another_is_made()
    {
        var org = await NewOrgAsync("owner-1");

        await Assert.ThrowsAsync<OrgRuleException>(() => org.RemoveMemberAsync("owner-1", OrgRole.Owner, TestData.Admin));
        await org.SetMemberAsync(new SetMember("owner-2", OrgRole.Owner, NoGrants, OrgRole.Owner, TestData.Admin));

        Assert.True(await org.RemoveMemberAsync("owner-1", OrgRole.Owner, TestData.Admin));
        Assert.Equal(["owner-2"], (await org.ListMembersAsync()).Select(m => m.UserId));
    }

    [Fact]
    public async Task Key_last_use_is_stored_at_most_once_a_minute_but_reported_exactly()
    {
        var org = fixture.Grains.GetGrain<IOrgGrain>(Guid.NewGuid().ToString("N"));
        var hash = TestData.NewHash();
        var keyId = Guid.NewGuid().ToString("N");
        await org.AddApiKeyAsync(new AddApiKey(keyId, "ci", OrgRole.Operator, null, hash, TestData.Admin));
        var key = fixture.Grains.GetGrain<IApiKeyGrain>(keyId);

        Assert.NotNull(await key.VerifyAsync(hash));
        var firstStored = (await fixture.ReadStoredStateAsync<ApiKeyState>(key, "api-key")).LastUsedAt;
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(await key.VerifyAsync(hash));
        var secondStored = (await fixture.ReadStoredStateAsync<ApiKeyState>(key, "api-key")).LastUsedAt;
        var reported = (await org.ListApiKeysAsync()).Single().LastUsedAt;

        Assert.NotNull(firstStored);
        Assert.Equal(firstStored, secondStored);
        Assert.True(reported >= firstStored + TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Key_is_refused_with_another_hash_once_revoked_and_once_expired()
    {
        var org = fixture.Grains.GetGrain<IOrgGrain>(Guid.NewGuid().ToString("N"));
        var hash = TestData.NewHash();
        var expiring = Guid.NewGuid().ToString("N");
        var revoked = Guid.NewGuid().ToString("N");
        await org.AddApiKeyAsync(new AddApiKey(expiring, "a", OrgRole.Viewer, fixture.Clock.UtcNow.AddMinutes(1), hash, TestData.Admin));
        await org.AddApiKeyAsync(new AddApiKey(revoked, "b", OrgRole.Viewer, null, hash, TestData.Admin));

        Assert.Null(await fixture.Grains.GetGrain<IApiKeyGrain>(revoked).VerifyAsync(TestData.NewHash()));
        Assert.True(await org.RevokeApiKeyAsync(revoked, TestData.Admin));
        Assert.Null(await fixture.Grains.GetGrain<IApiKeyGrain>(revoked).VerifyAsync(hash));
        Assert.NotNull(await fixture.Grains.GetGrain<IApiKeyGrain>(expiring).VerifyAsync(hash));
        // Small: the cluster and its clock are shared, and other tests' jobs have real-time deadlines an hour out.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await fixture.Grains.GetGrain<IApiKeyGrain>(expiring).VerifyAsync(hash));
    }

    private async Task<IOrgGrain> NewOrgAsync(string ownerId)
    {
        var org = fixture.Grains.GetGrain<IOrgGrain>(Guid.NewGuid().ToString("N"));
        Assert.True(await org.CreateAsync("Test org", ownerId, TestData.Admin));
        return org;
    }
}
