namespace SageKeep.Security.Iam.Model;

/// <summary>Why a policy document was refused; the message is what IAM answers as <c>MalformedPolicyDocument</c>.</summary>
public sealed record MalformedPolicyDocument(string Message);
