using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using GameOps.Grains.Platform;
using GameOps.Silo.Identity;
using GameOps.Silo.Tests.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace GameOps.Silo.Tests.Identity;

/// <summary>
/// A silo whose Data Protection key ring is not the one a credential was made with (a cluster silo left with a ring of
/// its own) refuses the credential with 401 and a warning, never a 500: silo A's cookie, and silo A's access token
/// when the shared platform grain holds the signing key A's ring encrypted.
/// </summary>
public sealed class UnreadableCredentialTests(SetUpSilo siloA) : IClassFixture<SetUpSilo>
{
    [Fact]
    public async Task Cookie_and_access_token_from_a_silo_with_another_key_ring_are_refused_with_401_and_a_warning()
    {
        using var token = await SignIn.TokenClientAsync(siloA.Factory, SetUpSilo.UserName, SetUpSilo.Password);
        var accessToken = token.DefaultRequestHeaders.Authorization!.Parameter!;
        var cookie = await SessionCookieAsync();
        var signingKeyFromA = await siloA.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlatformGrain>(0).GetOrInitializeSigningKeyAsync([]);
        await using var siloB = new LoggedFactory();
        // What silo B would find in the cluster's platform grain: the signing key as silo A's ring encrypted it.
        await siloB.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlatformGrain>(0).GetOrInitializeSigningKeyAsync(signingKeyFromA);

        var withToken = await StatusAsync(siloB, new AuthenticationHeaderValue("Bearer", accessToken), cookie: null);
        var withCookie = await StatusAsync(siloB, authorization: null, cookie);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { withToken, withCookie });
        var warnings = siloB.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Contains(warnings, r => r.Category == typeof(AccessTokenKey).FullName);
        Assert.Contains(warnings, r => r.Category == typeof(UnreadableCookieWarning).FullName);
        Assert.DoesNotContain(siloB.Services.GetFakeLogCollector().GetSnapshot(),
            r => r.Message.Contains(accessToken, StringComparison.Ordinal) || r.Message.Contains(cookie.Split('=', 2)[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corrupted_stored_signing_key_refuses_access_tokens_with_401()
    {
        using var token = await SignIn.TokenClientAsync(siloA.Factory, SetUpSilo.UserName, SetUpSilo.Password);
        await using var siloB = new LoggedFactory();
        await siloB.Services.GetRequiredService<IGrainFactory>().GetGrain<IPlatformGrain>(0).GetOrInitializeSigningKeyAsync([1, 2, 3, 4]);

        var status = await StatusAsync(siloB, token.DefaultRequestHeaders.Authorization, cookie: null);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains(siloB.Services.GetFakeLogCollector().GetSnapshot(), r => r.Level == LogLevel.Warning && r.Category == typeof(AccessTokenKey).FullName);
    }

    private async Task<string> SessionCookieAsync()
    {
        using var browser = siloA.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { userName = SetUpSilo.UserName, password = SetUpSilo.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith($"{GameOps.Silo.Security.SecurityExtensions.SessionCookie}=", StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> StatusAsync(ApiFactory silo, AuthenticationHeaderValue? authorization, string? cookie)
    {
        using var client = silo.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = authorization;
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        using var response = await client.GetAsync(new Uri("/api/v1/me/orgs", UriKind.Relative));
        return response.StatusCode;
    }

    /// <summary>A silo of its own (its own data folder, so its own key ring) whose log the test reads.</summary>
    private sealed class LoggedFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddFakeLogging());
        }
    }
}
