// For builds without libFuzzer: runs a fuzz target over every file of the seed corpus, so
// that CTest keeps the seeds (and every input a fuzzer once found) passing.
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
    int inputs = 0;
    for (int i = 1; i < argc; ++i) {
        const QDir directory(QString::fromLocal8Bit(argv[i]));
        for (const QString &name : directory.entryList(QDir::Files, QDir::Name)) {
            QFile file(directory.filePath(name));
            if (!file.open(QIODevice::ReadOnly))
                return 2;
            const QByteArray bytes = file.readAll();
            // Each seed as it is, and with every first byte, which picks chunking and limits.
            for (int first = 0; first < 256; ++first) {
                const QByteArray input = char(first) + bytes;
                LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(input.constData()), size_t(input.size()));
            }
            ++inputs;
        }
    }
    std::printf("%d inputs passed\n", inputs);
    return inputs > 0 ? 0 : 1;
}
