namespace SageKeep.Runtime.Isolation;

/// <summary>
/// Every host object of a run is named from the run id, so cleanup and orphan detection work by name alone.
/// Interface names stay within IFNAMSIZ (15 characters): "skh" + a 10-character run id.
/// </summary>
public sealed record NetworkNames(string Prefix, string RunId)
{
    public string Namespace => Prefix + RunId;

    public string HostInterface => "skh" + RunId;

    public string PeerInterface => "skc" + RunId;

    public string NftTable => Prefix.Replace('-', '_') + RunId;

    /// <summary>A /30 of 10.201.0.0/16 chosen from the run id: .1 on the host end, .2 in the namespace.</summary>
    public (string Host, string Container, string Network) Addresses
    {
        get
        {
            var block = (int)(StableHash(RunId) % 16384);
            var third = block / 64;
            var fourth = block % 64 * 4;
            return ($"10.201.{third}.{fourth + 1}", $"10.201.{third}.{fourth + 2}", $"10.201.{third}.{fourth}/30");
        }
    }

    private static uint StableHash(string text)
    {
        // FNV-1a: string.GetHashCode is randomised per process, and a restarted server must compute the same block.
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
