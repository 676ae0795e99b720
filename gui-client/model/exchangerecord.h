#ifndef WIRELAB_EXCHANGERECORD_H
#define WIRELAB_EXCHANGERECORD_H

#include "conversation.h"
#include "messageoutline.h"

#include <QtCore/QByteArray>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Wirelab {

// One request and what came back: what the history keeps and the panes show. The outlines
// are made once, from the bytes and what the decoder said of them (live, the controller's
// decoder; from a file, one decode at load), and every view renders them.
struct ExchangeRecord
{
    Q_DECLARE_TR_FUNCTIONS(ExchangeRecord)
public:
    enum class Ending { InProgress, Answered, Failed, Cancelled };

    // The window's one-line headline: the result, the error, or a note (cancelled, waiting).
    struct Headline
    {
        enum class Kind { Result, Error, Note };
        QString text;
        Kind kind = Kind::Note;
    };

    QDateTime time;
    QString host;
    quint16 port = 0;
    QString action;
    QString value;
    QByteArray requestBytes;
    QByteArray responseBytes;
    Ending ending = Ending::InProgress;
    QString error;          // Failed: why, in one sentence
    QStringList transcript; // the lab client's lines for this exchange
    Conversation conversation;
    // The same connection as the built-in server saw it, on conversation's clock (empty when
    // another server answered): with it, the timeline shows both ends.
    Conversation serverConversation;
    QString sendPlan; // how the request was sent, for a person ("one byte at a time"); empty: whole
    MessageOutline request;
    MessageOutline response;

    Headline headline() const;
    QString historyLine() const; // one line for the history list
    QString endpoint() const;    // host:port ([::1]:65432)
};

} // namespace Wirelab

#endif // WIRELAB_EXCHANGERECORD_H
