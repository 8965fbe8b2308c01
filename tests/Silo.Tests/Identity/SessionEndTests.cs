using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GameOps.Silo.Identity;

namespace GameOps.Silo.Tests.Identity;

/// <summary>A password change and "sign out everywhere" end every session cookie and access token issued before them.</summary>
public sealed class SessionEndTests(SetUpSilo silo) : IClassFixture<SetUpSilo>
{
    private const string NewPassword = "a much longer new password";

    private IdentityFactory Factory => silo.Factory;

    [Fact]
    public async Task Password_change_keeps_this_browser_and_ends_every_other_session_and_token()
    {
        await NewAccountAsync("frank");
        var (browser, antiforgery) = await CookieSessionAsync("frank", SetUpSilo.Password);
        var (otherBrowser, _) = await CookieSessionAsync("frank", SetUpSilo.Password);
        using var script = await SignIn.TokenClientAsync(Factory, "frank", SetUpSilo.Password);

        using var change = new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/password")
        {
            Content = JsonContent.Create(new { currentPassword = SetUpSilo.Password, newPassword = NewPassword }),
        };
        change.Headers.Add(IdentityExtensions.AntiforgeryHeader, antiforgery);
        using var changed = await browser.SendAsync(change);

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherBrowser.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn.RequestTokenAsync(Factory, "frank", SetUpSilo.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.RequestTokenAsync(Factory, "frank", NewPassword)).StatusCode);
        browser.Dispose();
        otherBrowser.Dispose();
    }

    [Fact]
    public async Task Wrong_current_password_changes_nothing()
    {
        await NewAccountAsync("grace");
        using var script = await SignIn.TokenClientAsync(Factory, "grace", SetUpSilo.Password);

        using var refused = await script.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = "not the password at all", newPassword = NewPassword });
        using var tooShort = await script.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = SetUpSilo.Password, newPassword = "short" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.True((await tooShort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("newPassword", out _));
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.RequestTokenAsync(Factory, "grace", SetUpSilo.Password)).StatusCode);
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_old_cookies_and_tokens_but_not_new_sign_ins()
    {
        await NewAccountAsync("heidi");
        var (browser, _) = await CookieSessionAsync("heidi", SetUpSilo.Password);
        using var oldScript = await SignIn.TokenClientAsync(Factory, "heidi", SetUpSilo.Password);
        using var caller = await SignIn.TokenClientAsync(Factory, "heidi", SetUpSilo.Password);

        using var signedOut = await caller.PostAsync("/api/v1/me/sign-out-everywhere", null);
        using var newScript = await SignIn.TokenClientAsync(Factory, "heidi", SetUpSilo.Password);

        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldScript.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await caller.GetAsync("/api/v1/me/orgs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newScript.GetAsync("/api/v1/me/orgs")).StatusCode);
        browser.Dispose();
    }

    private async Task NewAccountAsync(string userName)
    {
        using var alice = await SignIn.TokenClientAsync(Factory, SetUpSilo.UserName, SetUpSilo.Password);
        await SignIn.InvitedAccountAsync(Factory, alice, userName, SetUpSilo.Password, "Viewer");
    }

    private async Task<(HttpClient Browser, string Antiforgery)> CookieSessionAsync(string userName, string password)
    {
        var browser = Factory.CreateClient();
        using var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (browser, (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("antiforgeryToken").GetString()!);
    }
}
