using GameOps.Silo.Gateway;

namespace GameOps.Silo.Hosting;

/// <summary>Reads <c>GameOps:Silo:Roles</c> and refuses, at start, a set of roles no deployment can use.</summary>
public static class SiloRoleSet
{
    public const string Setting = $"{SiloOptions.Section}:{nameof(SiloOptions.Roles)}";

    /// <summary>The roles configuration gives this process, checked against its mode and gateway settings.</summary>
    public static SiloRoles Read(IConfiguration configuration)
    {
        var text = configuration[Setting];
        SiloRoles roles;
        if (string.IsNullOrWhiteSpace(text))
        {
            roles = SiloRoles.All;
        }
        else if (!TryParse(text, out roles))
        {
            throw new InvalidOperationException(
                $"{Setting} '{text}' is not a set of roles; use {nameof(SiloRoles.All)} or names of {string.Join(", ", Named)} joined by commas.");
        }

        var mode = configuration.GetSection(SiloOptions.Section).Get<SiloOptions>()?.Mode ?? HostingMode.Embedded;
        var publicUrl = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()?.PublicUrl;
        if (Refusal(roles, mode, publicUrl) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        return roles;
    }

    /// <summary>Why <paramref name="roles"/> cannot run in <paramref name="mode"/>, or null when they can.</summary>
    public static string? Refusal(SiloRoles roles, HostingMode mode, string? gatewayPublicUrl)
    {
        if (roles == SiloRoles.None)
        {
            return $"{Setting} names no role: a process must run at least one of {string.Join(", ", Named)}.";
        }

        const SiloRoles wholeDeployment = SiloRoles.Grains | SiloRoles.AgentGateway | SiloRoles.Api;
        if (mode != HostingMode.Cluster && (roles & wholeDeployment) != wholeDeployment)
        {
            return $"{Setting} '{roles}' leaves out {wholeDeployment & ~roles}, which only cluster mode allows: an embedded process is "
                + $"the whole deployment, so it runs {nameof(SiloRoles.Grains)}, {nameof(SiloRoles.AgentGateway)} and {nameof(SiloRoles.Api)} "
                + $"({nameof(SiloRoles.WebConsole)} is optional). Set {SiloOptions.Section}:{nameof(SiloOptions.Mode)}={nameof(HostingMode.Cluster)} "
                + "(with the cluster's Redis and PostgreSQL) to share the roles out between processes.";
        }

        if (roles.HasFlag(SiloRoles.WebConsole) && !roles.HasFlag(SiloRoles.Api))
        {
            return $"{Setting} '{roles}' has {nameof(SiloRoles.WebConsole)} without {nameof(SiloRoles.Api)}: the console's audit CSV "
                + $"downloads are API routes. Add {nameof(SiloRoles.Api)}.";
        }

        if (roles.HasFlag(SiloRoles.Api) && !roles.HasFlag(SiloRoles.AgentGateway) && string.IsNullOrWhiteSpace(gatewayPublicUrl))
        {
            return $"{Setting} '{roles}' has {nameof(SiloRoles.Api)} without {nameof(SiloRoles.AgentGateway)}: the install commands it "
                + $"gives name the gateway agents reach, which is another process. Set {GatewayOptions.Section}:{nameof(GatewayOptions.PublicUrl)} to its URL.";
        }

        return null;
    }

    private static readonly string[] Named = [nameof(SiloRoles.Grains), nameof(SiloRoles.AgentGateway), nameof(SiloRoles.Api), nameof(SiloRoles.WebConsole)];

    // Names only, case-insensitive: Enum.TryParse would also take numbers and names of no role ("0", "5").
    private static bool TryParse(string text, out SiloRoles roles)
    {
        roles = SiloRoles.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<SiloRoles>(part, ignoreCase: true, out var role) || !Enum.IsDefined(role) || role == SiloRoles.None
                || part.Length == 0 || char.IsDigit(part[0]))
            {
                return false;
            }

            roles |= role;
        }

        return true;
    }
}
