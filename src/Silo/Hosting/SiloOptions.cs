using System.ComponentModel.DataAnnotations;

namespace GameOps.Silo.Hosting;

public sealed class SiloOptions
{
    public const string Section = "GameOps:Silo";

    public HostingMode Mode { get; set; } = HostingMode.Embedded;

    /// <summary>What this process runs; checked at start by <see cref="SiloRoleSet.Read"/>.</summary>
    public SiloRoles Roles { get; set; } = SiloRoles.All;

    /// <summary>Port for silo-to-silo traffic (loopback only in embedded mode).</summary>
    [Range(1, 65535, ErrorMessage = "GameOps:Silo:SiloPort must be a TCP port (1-65535).")]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (processes of the cluster without <see cref="SiloRoles.Grains"/>); 0 opens none.</summary>
    [Range(0, 65535, ErrorMessage = "GameOps:Silo:GatewayPort must be a TCP port (1-65535) or 0 for none.")]
    public int GatewayPort { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "GameOps:Silo:ServiceId must not be empty.")]
    public string ServiceId { get; set; } = "gameops";

    [Required(AllowEmptyStrings = false, ErrorMessage = "GameOps:Silo:ClusterId must not be empty.")]
    public string ClusterId { get; set; } = "gameops";
}
