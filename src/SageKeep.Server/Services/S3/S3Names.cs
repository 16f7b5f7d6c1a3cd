using System.Net;
using System.Text;

namespace SageKeep.Server.Services.S3;

/// <summary>Bucket name rules ("Bucket naming rules", S3 User Guide), key limits and resource ARNs.</summary>
internal static class S3Names
{
    public const int MaxKeyBytes = 1024;

    public static bool IsValidBucketName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length is < 3 or > 63 || !IsLetterOrDigit(name[0]) || !IsLetterOrDigit(name[^1]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c is not ('.' or '-'))
            {
                return false;
            }
        }

        return !name.Contains("..", StringComparison.Ordinal)
            && !name.Contains(".-", StringComparison.Ordinal)
            && !name.Contains("-.", StringComparison.Ordinal)
            && !name.StartsWith("xn--", StringComparison.Ordinal)
            && !name.StartsWith("sthree-", StringComparison.Ordinal)
            && !name.EndsWith("-s3alias", StringComparison.Ordinal)
            && !name.EndsWith("--ol-s3", StringComparison.Ordinal)
            && !IPAddress.TryParse(name, out _);

        static bool IsLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
    }

    public static bool IsValidKey(string key) => key.Length > 0 && Encoding.UTF8.GetByteCount(key) <= MaxKeyBytes;

    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    public static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";
}
