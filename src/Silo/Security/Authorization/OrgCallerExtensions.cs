namespace GameOps.Silo.Security.Authorization;

public static class OrgCallerExtensions
{
    /// <summary>The decision of the endpoint's permission check; only endpoints that declare a permission have one.</summary>
    public static OrgCaller OrgCaller(this HttpContext http) =>
        http.Features.Get<OrgCaller>() ?? throw new InvalidOperationException("The endpoint declares no permission, so no org was decided.");
}
