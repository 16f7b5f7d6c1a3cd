using SageKeep.Core.Identity;

namespace SageKeep.Server.Registry.Auth;

/// <summary>What a registry token carries: the identity it acts as and its validity.</summary>
internal sealed record RegistryToken(AwsPrincipal Principal, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
