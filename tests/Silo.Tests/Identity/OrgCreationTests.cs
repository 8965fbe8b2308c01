using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Grains.Identity;

namespace GameOps.Silo.Tests.Identity;

public sealed class OrgCreationTests(SetUpSilo silo) : IClassFixture<SetUpSilo>
{
    private IdentityFactory Factory => silo.Factory;

    [Fact]
    public async Task Any_signed_in_user_makes_an_org_they_own_and_lists_it_with_their_role()
    {
        using var alice = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        await SignIn.InvitedAccountAsync(Factory, alice, "carol", SetUpSilo.Password, "Viewer");
        using var carol = await SignIn.TokenClientAsync(Factory, "carol", SetUpSilo.Password);

        using var created = await carol.PostAsJsonAsync("/api/v1/orgs", new { name = "Carol's community" });
        var orgId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var mine = await carol.GetFromJsonAsync<JsonElement[]>("/api/v1/me/orgs");
        using var ownMembers = await carol.GetAsync($"/api/v1/orgs/{orgId}/members");
        using var othersMembers = await alice.GetAsync($"/api/v1/orgs/{orgId}/members");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/orgs/{orgId}", created.Headers.Location?.OriginalString);
        Assert.Equal(
            [("default", "Viewer"), (orgId, "Owner")],
            mine!.Select(o => (o.GetProperty("id").GetString(), o.GetProperty("role").GetString())).OrderBy(o => o.Item1 == orgId));
        Assert.Equal("Carol's community", mine!.Single(o => o.GetProperty("id").GetString() == orgId).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, ownMembers.StatusCode);

        // Alice is the platform admin, so she sees it; an Admin of another org does not.
        Assert.Equal(HttpStatusCode.OK, othersMembers.StatusCode);
        using var outsider = await OtherUserAsync("dave");
        using var outsiderMembers = await outsider.GetAsync($"/api/v1/orgs/{orgId}/members");
        Assert.Equal(HttpStatusCode.Forbidden, outsiderMembers.StatusCode);
    }

    [Fact]
    public async Task Only_the_platform_admin_names_another_owner_and_the_admin_key_must()
    {
        using var alice = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var erinId = await SignIn.InvitedAccountAsync(Factory, alice, "erin", SetUpSilo.Password, "Operator");
        using var erin = await SignIn.TokenClientAsync(Factory, "erin", SetUpSilo.Password);
        using var admin = Factory.CreateAdminClient();

        using var forSomeoneElse = await erin.PostAsJsonAsync("/api/v1/orgs", new { name = "Not mine", ownerUserId = "someone" });
        using var keyWithoutOwner = await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Nobody's" });
        using var keyForNobody = await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Nobody's", ownerUserId = "no-such-user" });
        using var keyForErin = await admin.PostAsJsonAsync("/api/v1/orgs", new { name = "Erin's hosting", ownerUserId = erinId });
        var erinsOrgs = await erin.GetFromJsonAsync<JsonElement[]>("/api/v1/me/orgs");

        Assert.Equal(HttpStatusCode.Forbidden, forSomeoneElse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, keyWithoutOwner.StatusCode);
        Assert.Contains("ownerUserId", await keyWithoutOwner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, keyForNobody.StatusCode);
        Assert.Equal(HttpStatusCode.Created, keyForErin.StatusCode);
        Assert.Contains(erinsOrgs!, o => o.GetProperty("name").GetString() == "Erin's hosting" && o.GetProperty("role").GetString() == "Owner");
    }

    [Fact]
    public async Task Org_api_keys_and_the_admin_key_have_no_orgs_of_their_own()
    {
        var (_, key) = await OrgKeys.CreateAsync(Factory, "default", OrgRole.Owner);
        using var orgKey = OrgKeys.ClientWith(Factory, key);
        using var admin = Factory.CreateAdminClient();

        using var keyCreates = await orgKey.PostAsJsonAsync("/api/v1/orgs", new { name = "From a key" });
        using var keyLists = await orgKey.GetAsync("/api/v1/me/orgs");
        using var adminLists = await admin.GetAsync("/api/v1/me/orgs");

        Assert.Equal(HttpStatusCode.Forbidden, keyCreates.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, keyLists.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminLists.StatusCode);
        Assert.Contains("sign in as a user", await adminLists.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> OtherUserAsync(string userName)
    {
        using var alice = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        await SignIn.InvitedAccountAsync(Factory, alice, userName, SetUpSilo.Password, "Admin");
        return await SignIn.TokenClientAsync(Factory, userName, SetUpSilo.Password);
    }
}
