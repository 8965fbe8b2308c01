using System.Net;
using GameOps.Grains.Identity;

namespace GameOps.Silo.Tests.Identity;

public sealed class LockoutTests
{
    [Fact]
    public async Task Account_is_locked_after_repeated_wrong_passwords_even_to_the_right_one_until_the_period_passes()
    {
        await using var factory = new IdentityFactory();
        await SignIn.SetUpAsync(factory, "carol", SetupTests.Password);

        for (var i = 0; i < UserRules.MaxFailedSignIns; i++)
        {
            using var wrong = await SignIn.RequestTokenAsync(factory, "carol", "wrong password, try " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await SignIn.RequestTokenAsync(factory, "carol", SetupTests.Password);
        factory.Clock.Advance(UserRules.LockoutPeriod);
        using var unlocked = await SignIn.RequestTokenAsync(factory, "carol", SetupTests.Password);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }
}
