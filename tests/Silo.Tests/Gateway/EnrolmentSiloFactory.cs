using GameOps.Grains;
using GameOps.Silo.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GameOps.Silo.Tests.Gateway;

/// <summary>The silo in process on real sockets with a domain clock the test moves, so an enrolment token can expire.</summary>
public class EnrolmentSiloFactory : ListeningSiloFactory
{
    /// <summary>Failed enrolments an address may make before it is refused; the tests refuse tokens on purpose.</summary>
    public virtual int MaxFailures => 1000;

    public MovableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GameOps:Security:FailedAuthentication:MaxFailures", MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddSingleton<IDomainClock>(Clock));
    }

    /// <summary>The real time plus whatever the test added.</summary>
    public sealed class MovableClock : IDomainClock
    {
        private long _offsetTicks;

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref _offsetTicks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}

/// <summary>An <see cref="EnrolmentSiloFactory"/> whose failure limit a test reaches in a few attempts.</summary>
public sealed class StrictEnrolmentSiloFactory : EnrolmentSiloFactory
{
    public override int MaxFailures => 4;
}
