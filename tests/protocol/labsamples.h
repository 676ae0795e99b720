#ifndef WIRELAB_LABSAMPLES_H
#define WIRELAB_LABSAMPLES_H

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

using namespace Qt::StringLiterals;

// The messages whose bytes the lab text prints ("Running the Application Client and
// Server" and the assignment's sample output), byte for byte, in both byteorders: the lab
// prints some from a big-endian client and some from a little-endian one.
struct LabSample
{
    const char *name;
    const char *byteorder;
    QString action;
    QString value;
    QByteArray bytes;
};

// Generated from the lab text's samples and, for the other byteorder, the lab's own
// _create_message() run with that byteorder. Each row: name, byteorder, bytes.
inline const QList<LabSample> &labRequests()
{
    static const QList<LabSample> samples = {
        { "search morpheus (little)", "little", u"search"_s, u"morpheus"_s,
          "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 41}{\"action\": \"search\", \"value\": \"morpheus\"}"_ba },
        { "search dog emoji (little)", "little", u"search"_s, u"🐶"_s,
          "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 37}{\"action\": \"search\", \"value\": \"\xf0\x9f\x90\xb6\"}"_ba },
        { "binary smiley (little)", "little", u"binary"_s, u"😃"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}binary\xf0\x9f\x98\x83"_ba },
        { "double 7654321 (little)", "little", u"double"_s, u"7654321"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}double\x00t\xcb\xb1"_ba },
        { "negate 7654321 (little)", "little", u"negate"_s, u"7654321"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}negate\x00t\xcb\xb1"_ba },
        { "negate -300 (little)", "little", u"negate"_s, u"-300"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}negate\xff\xff\xfe\xd4"_ba },
        { "search morpheus (big)", "big", u"search"_s, u"morpheus"_s,
          "\x00" "d{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 41}{\"action\": \"search\", \"value\": \"morpheus\"}"_ba },
        { "search dog emoji (big)", "big", u"search"_s, u"🐶"_s,
          "\x00" "d{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 37}{\"action\": \"search\", \"value\": \"\xf0\x9f\x90\xb6\"}"_ba },
        { "binary smiley (big)", "big", u"binary"_s, u"😃"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}binary\xf0\x9f\x98\x83"_ba },
        { "double 7654321 (big)", "big", u"double"_s, u"7654321"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}double\x00t\xcb\xb1"_ba },
        { "negate 7654321 (big)", "big", u"negate"_s, u"7654321"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}negate\x00t\xcb\xb1"_ba },
        { "negate -300 (big)", "big", u"negate"_s, u"-300"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-client-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}negate\xff\xff\xfe\xd4"_ba },
    };
    return samples;
}

inline const QList<LabSample> &labResponses()
{
    static const QList<LabSample> samples = {
        { "search morpheus (little)", "little", u"search"_s, u"morpheus"_s,
          "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 43}{\"result\": \"Follow the white rabbit. \xf0\x9f\x90\xb0\"}"_ba },
        { "search dog emoji (little)", "little", u"search"_s, u"🐶"_s,
          "\x00g{\"byteorder\": \"little\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 37}{\"result\": \"\xf0\x9f\x90\xbe Playing ball! \xf0\x9f\x8f\x90\"}"_ba },
        { "binary smiley (little)", "little", u"binary"_s, u"😃"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 37}First 10 bytes of request: binary\xf0\x9f\x98\x83"_ba },
        { "double 7654321 (little)", "little", u"double"_s, u"7654321"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\x00\xe9\x97" "b"_ba },
        { "negate 7654321 (little)", "little", u"negate"_s, u"7654321"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\xff\x8b" "4O"_ba },
        { "negate -300 (little)", "little", u"negate"_s, u"-300"_s,
          "\x00\x7f{\"byteorder\": \"little\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\x00\x00\x01,"_ba },
        { "search morpheus (big)", "big", u"search"_s, u"morpheus"_s,
          "\x00" "d{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 43}{\"result\": \"Follow the white rabbit. \xf0\x9f\x90\xb0\"}"_ba },
        { "search dog emoji (big)", "big", u"search"_s, u"🐶"_s,
          "\x00" "d{\"byteorder\": \"big\", \"content-type\": \"text/json\", \"content-encoding\": \"utf-8\", \"content-length\": 37}{\"result\": \"\xf0\x9f\x90\xbe Playing ball! \xf0\x9f\x8f\x90\"}"_ba },
        { "binary smiley (big)", "big", u"binary"_s, u"😃"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 37}First 10 bytes of request: binary\xf0\x9f\x98\x83"_ba },
        { "double 7654321 (big)", "big", u"double"_s, u"7654321"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\x00\xe9\x97" "b"_ba },
        { "negate 7654321 (big)", "big", u"negate"_s, u"7654321"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\xff\x8b" "4O"_ba },
        { "negate -300 (big)", "big", u"negate"_s, u"-300"_s,
          "\x00|{\"byteorder\": \"big\", \"content-type\": \"binary/custom-server-binary-type\", \"content-encoding\": \"binary\", \"content-length\": 10}result\x00\x00\x01,"_ba },
    };
    return samples;
}

#endif // WIRELAB_LABSAMPLES_H
