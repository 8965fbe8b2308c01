namespace GameOps.Web.Settings;

/// <summary>Something just made and the secret that goes with it (an invite's token, an API key), shown this once: only its hash is kept.</summary>
public sealed record NewSecret<T>(T Item, string Secret);
