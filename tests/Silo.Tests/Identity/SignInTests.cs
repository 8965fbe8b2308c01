using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GameOps.Silo.Identity;

namespace GameOps.Silo.Tests.Identity;

public sealed class SignInTests(SetUpSilo silo) : IClassFixture<SetUpSilo>
{
    private IdentityFactory Factory => silo.Factory;

    [Fact]
    public async Task Cookie_session_reads_but_changes_only_with_the_antiforgery_token()
    {
        using var browser = Factory.CreateClient();
        using var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { userName = SetUpSilo.UserName, password = SetUpSilo.Password });
        var antiforgery = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("antiforgeryToken").GetString();

        using var read = await browser.GetAsync("/api/v1/hosts");
        using var forged = await browser.PostAsJsonAsync("/api/v1/hosts", new { name = "Forged" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hosts") { Content = JsonContent.Create(new { name = "Real" }) };
        request.Headers.Add(IdentityExtensions.AntiforgeryHeader, antiforgery);
        using var real = await browser.SendAsync(request);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Add(IdentityExtensions.AntiforgeryHeader, antiforgery);
        using var loggedOut = await browser.SendAsync(logout);
        using var afterLogout = await browser.GetAsync("/api/v1/hosts");

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("gameops.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, loggedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Fact]
    public async Task Bearer_changes_need_no_antiforgery_token()
    {
        using var script = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);

        using var created = await script.PostAsJsonAsync("/api/v1/hosts", new { name = "From a script" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Access_token_is_refused_when_tampered_unsigned_or_expired()
    {
        using var response = await SignIn.RequestTokenAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        var token = issued.GetProperty("accessToken").GetString()!;
        var parts = token.Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64Url.DecodeFromChars(parts[1]))!;
        var unsigned = $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.";
        var otherSubject = $"{parts[0]}.{Encode(parts[1].Length > 0 ? JsonSerializer.Serialize(claims.ToDictionary(c => c.Key, c => c.Key == "sub" ? (object)"someone-else" : c.Value)) : "")}.{parts[2]}";
        var badSignature = $"{parts[0]}.{parts[1]}.{Encode("not the signature, but 32 bytes!")}";

        Assert.Equal(900, issued.GetProperty("expiresIn").GetInt32());
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(unsigned));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(otherSubject));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(badSignature));

        Factory.Clock.Advance(AccessTokens.Lifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(token));
    }

    [Fact]
    public async Task Wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        using var wrongPassword = await SignIn.RequestTokenAsync(Factory, SetUpSilo.UserName, "not the password at all");
        using var noSuchUser = await SignIn.RequestTokenAsync(Factory, "nobody", "not the password at all");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noSuchUser.StatusCode);
        Assert.Equal(
            JsonDocument.Parse(await noSuchUser.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(),
            JsonDocument.Parse(await wrongPassword.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    private async Task<HttpStatusCode> StatusWithAsync(string token)
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync("/api/v1/hosts");
        return response.StatusCode;
    }

    private static string Encode(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
}
