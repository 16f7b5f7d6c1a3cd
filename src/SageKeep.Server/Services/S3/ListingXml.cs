using System.Xml;

namespace SageKeep.Server.Services.S3;

/// <summary>The Contents and CommonPrefixes elements shared by ListObjects and ListObjectsV2.</summary>
internal static class ListingXml
{
    public static void Write(XmlWriter writer, ListingPage page, bool url, S3Services? owner)
    {
        foreach (var record in page.Objects)
        {
            var info = record.Info;
            writer.WriteStartElement("Contents");
            writer.Element("Key", ListingEncoding.Encode(info.Key, url));
            writer.Element("LastModified", S3Xml.Timestamp(info.LastModified));
            writer.Element("ETag", info.ETag);
            foreach (var algorithm in info.Checksums.Keys)
            {
                writer.Element("ChecksumAlgorithm", algorithm.ToUpperInvariant());
            }

            writer.Element("Size", info.Size);
            writer.Element("StorageClass", "STANDARD");
            if (owner is not null)
            {
                writer.WriteStartElement("Owner");
                writer.Element("ID", owner.OwnerId);
                writer.Element("DisplayName", owner.Account.AccountId);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        foreach (var prefix in page.CommonPrefixes)
        {
            writer.WriteStartElement("CommonPrefixes");
            writer.Element("Prefix", ListingEncoding.Encode(prefix, url));
            writer.WriteEndElement();
        }
    }
}
