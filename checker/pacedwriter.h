#ifndef WIRELAB_PACEDWRITER_H
#define WIRELAB_PACEDWRITER_H

#include "chopplan.h"
#include "evidence.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

class QTcpSocket;

namespace Wirelab::Check {

// Writes pieces to a socket, each as a write of its own with its pause after it, and records
// each write as it goes out. The socket's owner decides what happens after the last one.
class PacedWriter : public QObject
{
    Q_OBJECT
public:
    PacedWriter(QTcpSocket *socket, EvidenceRecorder *recorder, int connection,
                QObject *parent = nullptr);

    void write(const QList<Piece> &pieces);
    void stop(); // no more writes (the peer has gone, or the case is over)
    bool isWriting() const { return !m_pieces.isEmpty(); }
    qint64 lastWriteMs() const { return m_lastWriteMs; }

signals:
    void allWritten();

private:
    void writeNext();

    QPointer<QTcpSocket> m_socket;
    EvidenceRecorder *m_recorder;
    int m_connection;
    QList<Piece> m_pieces;
    QTimer m_pause;
    qint64 m_lastWriteMs = -1;
};

} // namespace Wirelab::Check

#endif // WIRELAB_PACEDWRITER_H
