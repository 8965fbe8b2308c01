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
}
