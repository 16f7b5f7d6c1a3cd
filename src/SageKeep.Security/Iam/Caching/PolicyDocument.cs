namespace SageKeep.Security.Iam.Caching;

/// <summary>A stored policy document and the id decisions should name it by.</summary>
public sealed record PolicyDocument(string PolicyId, string Json);
