namespace SageKeep.Server.Registry.Images;

/// <summary>The gate's verdict on an image and why (the blocking CVEs, or what is missing), with the policy used.</summary>
internal sealed record ImageGateStatus(ImageGateState State, string Reason, string? Policy);
