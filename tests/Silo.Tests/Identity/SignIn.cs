using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Silo.Tests.Api;

namespace GameOps.Silo.Tests.Identity;

public static class SignIn
{
    /// <summary>Sets the silo up with a platform admin account, Owner of the default org.</summary>
    public static async Task SetUpAsync(IdentityFactory factory, string userName, string password)
    {
        var token = SetupTests.StartAndReadSetupToken(factory);
        using var client = factory.CreateClient();
        using var done = await client.PostAsJsonAsync("/api/v1/setup", new { setupToken = token, userName, password, orgName = "First org" });
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
    }

    public static async Task<HttpResponseMessage> RequestTokenAsync(ApiFactory factory, string userName, string password)
    {
        using var client = factory.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
    }

    public static async Task<HttpClient> TokenClientAsync(ApiFactory factory, string userName, string password)
    {
        using var response = await RequestTokenAsync(factory, userName, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A one-time invite to the default org with <paramref name="role"/>, made by <paramref name="owner"/>.</summary>
    public static async Task<string> InviteAsync(HttpClient owner, string role, int? expiresInHours = null)
    {
        using var response = await owner.PostAsJsonAsync("/api/v1/orgs/default/invites", new { role, expiresInHours });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>A new account made through an invite to the default org; its user id.</summary>
    public static async Task<string> InvitedAccountAsync(ApiFactory factory, HttpClient owner, string userName, string password, string role)
    {
        var token = await InviteAsync(owner, role);
        using var anonymous = factory.CreateClient();
        using var accepted = await anonymous.PostAsJsonAsync("/api/v1/invites/accept", new { token, userName, password });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString()!;
    }
}
