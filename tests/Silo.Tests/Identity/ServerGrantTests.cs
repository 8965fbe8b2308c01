using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GameOps.Silo.Tests.Identity;

/// <summary>Nobody grants on a game server what they may not do there themselves.</summary>
public sealed class ServerGrantTests(SetUpSilo silo) : IClassFixture<SetUpSilo>
{
    private const string Narrowed = "box-a/main";
    private const string Elsewhere = "box-b/main";

    private IdentityFactory Factory => silo.Factory;

    [Fact]
    public async Task An_admin_kept_to_reading_one_servers_console_grants_there_only_what_they_hold_and_anything_elsewhere()
    {
        using var owner = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var adminId = await SignIn.InvitedAccountAsync(Factory, owner, "grant-admin", SetUpSilo.Password, "Admin");
        var memberId = await SignIn.InvitedAccountAsync(Factory, owner, "grant-member", SetUpSilo.Password, "Viewer");
        using var narrowing = await SetAsync(owner, adminId, "Admin", new() { [Narrowed] = ["console.read"] });
        Assert.Equal(HttpStatusCode.OK, narrowing.StatusCode);
        using var admin = await SignIn.TokenClientAsync(Factory, "grant-admin", SetUpSilo.Password);

        using var power = await SetAsync(admin, memberId, "Viewer", new() { [Narrowed] = ["console.read", "power"] });
        using var read = await SetAsync(admin, memberId, "Viewer", new() { [Narrowed] = ["console.read"], [Elsewhere] = ["console.send", "power"] });

        Assert.Equal(HttpStatusCode.Forbidden, power.StatusCode);
        Assert.Equal("You cannot grant power on box-a/main: you do not hold it there yourself.", await DetailAsync(power));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(["console.read"], await GrantAsync(owner, memberId, Narrowed));
    }

    [Fact]
    public async Task What_a_member_already_has_on_a_server_stays_through_a_change_but_dropping_a_narrowing_grant_widens_and_is_refused()
    {
        using var owner = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var adminId = await SignIn.InvitedAccountAsync(Factory, owner, "keeper-admin", SetUpSilo.Password, "Admin");
        var memberId = await SignIn.InvitedAccountAsync(Factory, owner, "keeper-member", SetUpSilo.Password, "Viewer");
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(owner, adminId, "Admin", new() { [Narrowed] = ["console.read"] })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(owner, memberId, "Viewer", new() { [Narrowed] = ["console.read", "power"] })).StatusCode);
        using var admin = await SignIn.TokenClientAsync(Factory, "keeper-admin", SetUpSilo.Password);

        // The member keeps power there, which the Admin does not hold: not the Admin's grant, so not refused.
        using var promoted = await SetAsync(admin, memberId, "Operator", new() { [Narrowed] = ["console.read", "power"] });
        // Without the grant an Operator would have the console's input, schedules and alerts there too.
        using var unnarrowed = await SetAsync(admin, memberId, "Operator", []);

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unnarrowed.StatusCode);
        Assert.Equal("You cannot grant console.send, schedules, alerts on box-a/main: you do not hold it there yourself.", await DetailAsync(unnarrowed));
        Assert.Equal(["console.read", "power"], await GrantAsync(owner, memberId, Narrowed));
        // The Owner, not narrowed, may.
        Assert.Equal(HttpStatusCode.OK, (await SetAsync(owner, memberId, "Operator", [])).StatusCode);
    }

    private static Task<HttpResponseMessage> SetAsync(HttpClient caller, string userId, string role, Dictionary<string, string[]> servers) =>
        caller.PutAsJsonAsync($"/api/v1/orgs/default/members/{userId}", new { role, servers });

    private static async Task<string[]> GrantAsync(HttpClient owner, string userId, string server)
    {
        var page = await owner.GetFromJsonAsync<JsonElement>("/api/v1/orgs/default/members?limit=200");
        var member = page.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == userId);
        return [.. member.GetProperty("servers").GetProperty(server).EnumerateArray().Select(p => p.GetString()!)];
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString() ?? "";
}
